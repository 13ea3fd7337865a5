package auth

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/municat/municat"
)

// TestMain lowers the cost of argon2 under the race detector, which makes
// it about 35 times slower (1.7 s a hash); TestProductionCost checks the
// real cost.
func TestMain(m *testing.M) {
	if raceEnabled {
		hashCost.memory, hashCost.time = 1024, 1
	}
	os.Exit(m.Run())
}

// TestProductionCost hashes with the cost production uses: OWASP's
// argon2id parameters.
func TestProductionCost(t *testing.T) {
	saved := hashCost
	hashCost.memory, hashCost.time, hashCost.threads = argonMemory, argonTime, argonThreads
	h, err := HashPassword("korrekt Pferd Batterie Heftklammer")
	hashCost = saved
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash = %q, want argon2id PHC with OWASP parameters", h)
	}
	if !CheckPassword(h, "korrekt Pferd Batterie Heftklammer") {
		t.Error("right password refused")
	}
}

func TestHashAndCheckPassword(t *testing.T) {
	const pw = "korrekt Pferd Batterie Heftklammer"
	h, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=") {
		t.Fatalf("hash = %q, want argon2id PHC", h)
	}
	if strings.Contains(h, pw) {
		t.Fatal("hash contains the password")
	}
	if !CheckPassword(h, pw) {
		t.Error("right password refused")
	}
	if CheckPassword(h, pw+"x") || CheckPassword(h, "") {
		t.Error("wrong password accepted")
	}
	h2, _ := HashPassword(pw)
	if h2 == h {
		t.Error("two hashes of one password are equal: salt not random")
	}
}

// TestCheckPasswordHonoursParameters checks a hash made with other
// parameters than today's: they come from the PHC string.
func TestCheckPasswordHonoursParameters(t *testing.T) {
	p := &phcParams{memory: 64, time: 3, threads: 2, salt: []byte("0123456789abcdef")}
	p.key = derive("altes Passwort 123", p, 24)
	h := p.String()
	if !strings.Contains(h, "$m=64,t=3,p=2$") {
		t.Fatalf("hash = %q", h)
	}
	if !CheckPassword(h, "altes Passwort 123") {
		t.Error("hash with stored parameters refused")
	}
	if CheckPassword(h, "altes Passwort 124") {
		t.Error("wrong password accepted")
	}
}

func TestCheckPasswordMalformed(t *testing.T) {
	p := &phcParams{memory: 64, time: 1, threads: 1, salt: []byte("0123456789abcdef")}
	p.key = derive("ein gutes Passwort", p, 32)
	good := p.String()
	if !CheckPassword(good, "ein gutes Passwort") {
		t.Fatal("good hash refused")
	}
	parts := strings.Split(good, "$")
	for name, phc := range map[string]string{
		"empty":          "",
		"bcrypt":         "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"argon2i":        strings.Replace(good, "argon2id", "argon2i", 1),
		"version":        strings.Replace(good, "v=19", "v=16", 1),
		"missing part":   strings.Join(parts[:5], "$"),
		"extra part":     good + "$x",
		"memory huge":    strings.Replace(good, "m=64", "m=4194304", 1),
		"memory zero":    strings.Replace(good, "m=64", "m=0", 1),
		"time huge":      strings.Replace(good, "t=1", "t=1000", 1),
		"threads huge":   strings.Replace(good, "p=1", "p=255", 1),
		"leading zero":   strings.Replace(good, "t=1", "t=01", 1),
		"sign":           strings.Replace(good, "t=1", "t=+1", 1),
		"order":          strings.Replace(good, "m=64,t=1,p=1", "t=1,m=64,p=1", 1),
		"salt not b64":   strings.Replace(good, parts[4], "!!!!", 1),
		"salt padded":    strings.Replace(good, parts[4], parts[4]+"==", 1),
		"hash too short": strings.Replace(good, parts[5], "AAAA", 1),
	} {
		if _, err := parsePHC(phc); err == nil {
			t.Errorf("%s: parsePHC(%q) succeeded", name, phc)
		}
		if CheckPassword(phc, "ein gutes Passwort") {
			t.Errorf("%s: CheckPassword accepted %q", name, phc)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	for _, tc := range []struct {
		pw, want string
	}{
		{"zwölf Zeich", "mindestens 12 Zeichen"}, // 11 characters
		{"zwölf Zeichn", ""},                     // 12 characters, 13 bytes
		{"äääääääääää", "mindestens 12 Zeichen"}, // 22 bytes, 11 characters
		{strings.Repeat("a", 256), ""},           //
		{strings.Repeat("a", 257), "höchstens 256 Bytes"},
		{strings.Repeat(" ", 20), "nur aus Leerzeichen"},
		{"ungültig \xff\xfe 12345", "ungültige Zeichen"},
	} {
		err := ValidatePassword(tc.pw)
		if tc.want == "" {
			if err != nil {
				t.Errorf("ValidatePassword(%q) = %v", tc.pw, err)
			}
			continue
		}
		if !errors.Is(err, municat.ErrInvalid) || !strings.Contains(municat.ErrorMessage(err), tc.want) {
			t.Errorf("ValidatePassword(%q) = %v, want EINVALID with %q", tc.pw, err, tc.want)
		}
	}
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("ein Passwort zum Messen"); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzParsePHC(f *testing.F) {
	good, _ := HashPassword("ein gutes Passwort")
	f.Add(good)
	f.Add("$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA")
	f.Add("$argon2id$v=19$m=,t=,p=$$")
	f.Add("$$$$$")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := parsePHC(s)
		if err != nil {
			return
		}
		if p.memory == 0 || p.memory > maxArgonMemory || p.time == 0 || p.time > maxArgonTime || p.threads == 0 || p.threads > maxArgonThreads {
			t.Fatalf("parsePHC(%q) accepted out-of-range parameters %+v", s, p)
		}
		// A parsed string formats back to itself.
		if got := p.String(); got != s {
			t.Fatalf("parsePHC(%q) formats back as %q", s, got)
		}
	})
}
