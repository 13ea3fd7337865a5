package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/municat/municat"
	"golang.org/x/crypto/argon2"
)

// MinPasswordLength is the least number of characters of a password.
const MinPasswordLength = 12

// MaxPasswordBytes is the greatest length of a password in bytes.
const MaxPasswordBytes = 256

// The argon2id parameters of new hashes, as OWASP recommends for argon2id
// (19 MiB, 2 passes, 1 lane). CheckPassword honours the parameters stored
// in each hash, so they can be raised later without breaking old hashes.
const (
	argonMemory  = 19456 // KiB
	argonTime    = 2
	argonThreads = 1
	argonSaltLen = 16
	argonKeyLen  = 32
)

// Limits on the parameters of a stored hash, so a damaged or hostile record
// cannot make a check allocate gigabytes or run for minutes.
const (
	maxArgonMemory  = 1 << 20 // KiB = 1 GiB
	maxArgonTime    = 16
	maxArgonThreads = 16
)

// hashCost is the cost of new hashes: the constants above. Tests under the
// race detector, which makes argon2 some 35 times slower, lower it.
var hashCost = struct {
	memory, time uint32
	threads      uint8
}{argonMemory, argonTime, argonThreads}

// hashSlots bounds the number of argon2 computations running at once: each
// takes argonMemory KiB, and a burst of logins must not exhaust memory.
var hashSlots = make(chan struct{}, max(2, runtime.NumCPU()))

// phcParams are the parts of an argon2id PHC string.
type phcParams struct {
	memory  uint32
	time    uint32
	threads uint8
	salt    []byte
	key     []byte
}

// HashPassword returns the argon2id hash of password as a PHC string
// "$argon2id$v=19$m=19456,t=2,p=1$salt$hash".
func HashPassword(password string) (string, error) {
	p := phcParams{memory: hashCost.memory, time: hashCost.time, threads: hashCost.threads, salt: make([]byte, argonSaltLen)}
	if _, err := rand.Read(p.salt); err != nil {
		return "", err
	}
	p.key = derive(password, &p, argonKeyLen)
	return p.String(), nil
}

// CheckPassword reports whether password matches the PHC string phc, in
// constant time. It returns false for a malformed phc.
func CheckPassword(phc, password string) bool {
	p, err := parsePHC(phc)
	if err != nil {
		return false
	}
	key := derive(password, p, uint32(len(p.key)))
	return subtle.ConstantTimeCompare(key, p.key) == 1
}

// derive computes the argon2id key of password with p's parameters.
func derive(password string, p *phcParams, keyLen uint32) []byte {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return argon2.IDKey([]byte(password), p.salt, p.time, p.memory, p.threads, keyLen)
}

// String formats p as a PHC string.
func (p *phcParams) String() string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.memory, p.time, p.threads,
		b64.EncodeToString(p.salt), b64.EncodeToString(p.key))
}

// parsePHC parses an argon2id PHC string "$argon2id$v=19$m=M,t=T,p=P$salt$hash"
// (salt and hash in unpadded standard base64) and checks that its parameters
// are within sane limits.
func parsePHC(s string) (*phcParams, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return nil, fmt.Errorf("not an argon2id PHC string")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return nil, fmt.Errorf("unsupported argon2 version %q", parts[2])
	}
	p := &phcParams{}
	fields := strings.Split(parts[3], ",")
	if len(fields) != 3 {
		return nil, fmt.Errorf("want parameters m,t,p")
	}
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(fields[i], name+"=")
		if !ok {
			return nil, fmt.Errorf("want parameter %s", name)
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || n == 0 || strconv.FormatUint(n, 10) != v {
			return nil, fmt.Errorf("bad parameter %s=%q", name, v)
		}
		switch name {
		case "m":
			p.memory = uint32(n)
		case "t":
			p.time = uint32(n)
		case "p":
			if n > maxArgonThreads {
				return nil, fmt.Errorf("too many threads")
			}
			p.threads = uint8(n)
		}
	}
	if p.memory > maxArgonMemory || p.memory < 8*uint32(p.threads) || p.time > maxArgonTime {
		return nil, fmt.Errorf("parameters out of range")
	}
	var err error
	if p.salt, err = base64.RawStdEncoding.Strict().DecodeString(parts[4]); err != nil || len(p.salt) < 8 || len(p.salt) > 64 {
		return nil, fmt.Errorf("bad salt")
	}
	if p.key, err = base64.RawStdEncoding.Strict().DecodeString(parts[5]); err != nil || len(p.key) < 16 || len(p.key) > 128 {
		return nil, fmt.Errorf("bad hash")
	}
	return p, nil
}

// ValidatePassword returns an EINVALID error with a German message if
// password is too short (fewer than MinPasswordLength characters) or too
// long (more than MaxPasswordBytes bytes).
func ValidatePassword(password string) error {
	switch {
	case !utf8.ValidString(password):
		return municat.Errorf(municat.EINVALID, "Das Passwort enthält ungültige Zeichen. Bitte geben Sie es noch einmal ein.")
	case utf8.RuneCountInString(password) < MinPasswordLength:
		return municat.Errorf(municat.EINVALID, "Das Passwort ist zu kurz: Es muss mindestens %d Zeichen lang sein. Lange Sätze sind gute Passwörter.", MinPasswordLength)
	case len(password) > MaxPasswordBytes:
		return municat.Errorf(municat.EINVALID, "Das Passwort ist zu lang: Es darf höchstens %d Bytes lang sein (bei Umlauten weniger Zeichen).", MaxPasswordBytes)
	case strings.TrimSpace(password) == "":
		return municat.Errorf(municat.EINVALID, "Das Passwort darf nicht nur aus Leerzeichen bestehen.")
	}
	return nil
}

// dummyHash is a hash of a random password that Login checks for unknown
// accounts, so that the time of the answer does not tell whether an
// account exists.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword(randomString(16))
	if err != nil {
		panic(err)
	}
	return h
})
