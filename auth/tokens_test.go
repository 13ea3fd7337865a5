package auth

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

func TestTokenLifecycle(t *testing.T) {
	e := MustEnv(t, nil)
	ctx := context.Background()
	secret, tok := e.MustToken("musterstadt", municat.RoleEditor, 0)
	if !regexp.MustCompile(`^mct_[A-Za-z0-9_-]{43}$`).MatchString(secret) {
		t.Fatalf("secret = %q, want mct_ and 43 base64url characters", secret)
	}
	if tok.ID != tok.Hash[:16] || tok.Hash != hashSecret(secret) || tok.CreatedBy != "cli" || tok.Expires != nil {
		t.Fatalf("token = %+v", tok)
	}

	resp := e.Do(request{method: "GET", path: "/api/v1/whoami", header: bearer(secret)})
	expect(t, "token works", resp, 200, "token:"+tok.ID+" csrf=")
	resp = e.Do(request{method: "POST", path: "/api/v1/organizations/musterstadt/datasets", header: bearer(secret)})
	expect(t, "own organisation", resp, 200, "token:"+tok.ID)
	resp = e.Do(request{method: "POST", path: "/api/v1/organizations/beispieldorf/datasets", header: bearer(secret)})
	expect(t, "other organisation", resp, 403, "Rolle „Redaktion“ in der Organisation „beispieldorf“")

	e.clock.Add(time.Hour)
	revoked, err := e.svc.RevokeToken(ctx, nil, tok.ID)
	if err != nil {
		t.Fatal(err)
	}
	if revoked.Revoked == nil || !revoked.Revoked.Equal(e.clock.Now()) {
		t.Fatalf("revoked = %v", revoked.Revoked)
	}
	resp = e.Do(request{method: "GET", path: "/api/v1/whoami", header: bearer(secret)})
	expect(t, "revoked token", resp, 401, "Das API-Token "+tok.ID+" wurde am 02.03.2026 widerrufen.")
	// A bad token never falls back to anonymous, not even on a public page.
	resp = e.Do(request{method: "GET", path: "/oeffentlich", header: bearer(secret)})
	expect(t, "revoked token on public page", resp, 401, "widerrufen")

	create, rev := e.lastAudit("token.create"), e.lastAudit("token.revoke")
	if create.Actor != "cli" || create.Object != "token/"+tok.ID || create.Organization != "musterstadt" || rev.Object != "token/"+tok.ID {
		t.Fatalf("audit = %+v, %+v", create, rev)
	}
	// Revoking again changes nothing.
	again, err := e.svc.RevokeToken(ctx, nil, tok.ID)
	if err != nil || !again.Revoked.Equal(*revoked.Revoked) {
		t.Fatalf("second revoke = %v, %v", again, err)
	}
}

func TestExpiredToken(t *testing.T) {
	e := MustEnv(t, nil)
	secret, tok := e.MustToken("musterstadt", municat.RoleAdmin, 30*24*time.Hour)
	if want := e.clock.Now().Add(30 * 24 * time.Hour); tok.Expires == nil || !tok.Expires.Equal(want) {
		t.Fatalf("expires = %v, want %v", tok.Expires, want)
	}
	e.clock.Add(30*24*time.Hour - time.Second)
	expect(t, "just before expiry", e.Do(request{method: "GET", path: "/api/v1/whoami", header: bearer(secret)}), 200, "token:")
	e.clock.Add(time.Second)
	expect(t, "at expiry", e.Do(request{method: "GET", path: "/api/v1/whoami", header: bearer(secret)}), 401,
		"Das API-Token "+tok.ID+" ist am 01.04.2026 abgelaufen.")
}

func TestUnknownAndMalformedTokens(t *testing.T) {
	e := MustEnv(t, nil)
	for name, tc := range map[string]struct {
		header map[string]string
		status int
		want   string
	}{
		"unknown":        {bearer("mct_" + strings.Repeat("A", 43)), 401, "unbekannt"},
		"short":          {bearer("mct_abc"), 401, "ungültig"},
		"no prefix":      {bearer(strings.Repeat("A", 47)), 401, "ungültig"},
		"empty bearer":   {map[string]string{"Authorization": "Bearer"}, 401, "ungültig"},
		"lower bearer":   {map[string]string{"Authorization": "bearer mct_" + strings.Repeat("A", 43)}, 401, "unbekannt"},
		"basic ignored":  {map[string]string{"Authorization": "Basic dXNlcjpwYXNz"}, 200, "system csrf="},
		"no credentials": {nil, 200, "system csrf="},
	} {
		resp := e.Do(request{method: "GET", path: "/oeffentlich", header: tc.header})
		expect(t, name, resp, tc.status, tc.want)
	}
	// Without a token, a token route asks for one.
	expect(t, "anonymous API", e.Do(request{method: "GET", path: "/api/v1/whoami"}), 401,
		"Für diese Anfrage ist ein API-Token nötig (Authorization: Bearer …).")
}

// TestTokenSecretNotStored reads every file of the store: the secret is in
// none of them, only its hash.
func TestTokenSecretNotStored(t *testing.T) {
	e := MustEnv(t, nil)
	secret, tok := e.MustToken("musterstadt", municat.RoleEditor, 0)
	e.Do(request{method: "GET", path: "/api/v1/whoami", header: bearer(secret)})
	body := strings.TrimPrefix(secret, municat.TokenPrefix)
	foundHash := false
	err := filepath.WalkDir(e.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), body) || strings.Contains(path, body) {
			t.Errorf("%s contains the token's secret", path)
		}
		if strings.Contains(path, tok.Hash) && strings.Contains(string(b), `"hash": "`+tok.Hash+`"`) {
			foundHash = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !foundHash {
		t.Error("no token record stored under its hash")
	}
}

func TestTokenLastUseThrottle(t *testing.T) {
	e := MustEnv(t, nil)
	ctx := context.Background()
	secret, tok := e.MustToken("musterstadt", municat.RoleEditor, 0)
	use := func() *time.Time {
		t.Helper()
		expect(t, "use", e.Do(request{method: "GET", path: "/api/v1/whoami", header: bearer(secret)}), 200, "token:")
		stored, err := e.cat.Token(ctx, tok.ID)
		if err != nil {
			t.Fatal(err)
		}
		return stored.LastUsed
	}
	t0 := e.clock.Now()
	if got := use(); got == nil || !got.Equal(t0) {
		t.Fatalf("first use: last used = %v, want %v", got, t0)
	}
	e.clock.Add(59 * time.Second)
	if got := use(); !got.Equal(t0) {
		t.Fatalf("after 59 s: last used = %v, want still %v", got, t0)
	}
	e.clock.Add(time.Second)
	if got := use(); !got.Equal(t0.Add(time.Minute)) {
		t.Fatalf("after 60 s: last used = %v, want %v", got, t0.Add(time.Minute))
	}
	// Recording the use does not undo a revocation made meanwhile.
	if _, err := e.svc.RevokeToken(ctx, nil, tok.ID); err != nil {
		t.Fatal(err)
	}
	e.clock.Add(2 * time.Minute)
	e.svc.recordUse(ctx, tok, e.clock.Now())
	if stored, _ := e.cat.Token(ctx, tok.ID); stored.Revoked == nil {
		t.Fatal("recordUse undid the revocation")
	}
}

func TestCreateTokenValidation(t *testing.T) {
	e := MustEnv(t, nil)
	ctx := context.Background()
	_, _, err := e.svc.CreateToken(ctx, TokenSpec{Organization: "gibtsnicht", Role: "chef", Name: strings.Repeat("x", 101), Expires: -time.Hour})
	var ve *municat.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, municat.ErrInvalid) {
		t.Fatalf("err = %v, want ValidationError", err)
	}
	got := map[string]string{}
	for _, f := range ve.Fields {
		got[f.Field] = f.Message
	}
	for field, want := range map[string]string{
		"organization": `Die Organisation "gibtsnicht" gibt es nicht.`,
		"role":         `"editor" (Redaktion) oder "admin"`,
		"name":         "höchstens 100 Zeichen",
		"expires":      "nicht negativ",
	} {
		if !strings.Contains(got[field], want) {
			t.Errorf("field %s: %q, want %q", field, got[field], want)
		}
	}

	editor := &municat.Principal{Account: "erika", Name: "Erika", Roles: map[string]municat.Role{"musterstadt": municat.RoleEditor}}
	if _, _, err := e.svc.CreateToken(ctx, TokenSpec{Organization: "musterstadt", Role: municat.RoleEditor, CreatedBy: editor}); municat.ErrorCode(err) != municat.EFORBIDDEN {
		t.Fatalf("editor creates token: %v, want EFORBIDDEN", err)
	}
	admin := &municat.Principal{Account: "otto", Name: "Otto", Roles: map[string]municat.Role{"musterstadt": municat.RoleAdmin}}
	_, tok, err := e.svc.CreateToken(ctx, TokenSpec{Organization: "musterstadt", Role: municat.RoleAdmin, Name: " Baumkataster ", CreatedBy: admin})
	if err != nil || tok.CreatedBy != "account:otto" || tok.Name != "Baumkataster" {
		t.Fatalf("admin creates token: %+v, %v", tok, err)
	}
	if a := e.lastAudit("token.create"); a.Actor != "account:otto" || a.ActorName != "Otto" {
		t.Fatalf("audit = %+v", a)
	}
	if _, _, err := e.svc.CreateToken(ctx, TokenSpec{Organization: "beispieldorf", Role: municat.RoleEditor, CreatedBy: admin}); municat.ErrorCode(err) != municat.EFORBIDDEN {
		t.Fatalf("admin of another organisation: %v, want EFORBIDDEN", err)
	}
}

func TestRevokeTokenPermissions(t *testing.T) {
	e := MustEnv(t, nil)
	ctx := context.Background()
	_, tok := e.MustToken("musterstadt", municat.RoleEditor, 0)
	outsider := &municat.Principal{Account: "fremd", Roles: map[string]municat.Role{"beispieldorf": municat.RoleAdmin}}
	if _, err := e.svc.RevokeToken(ctx, outsider, tok.ID); municat.ErrorCode(err) != municat.EFORBIDDEN {
		t.Fatalf("outsider: %v, want EFORBIDDEN", err)
	}
	editor := &municat.Principal{Account: "erika", Roles: map[string]municat.Role{"musterstadt": municat.RoleEditor}}
	if _, err := e.svc.RevokeToken(ctx, editor, tok.ID); municat.ErrorCode(err) != municat.EFORBIDDEN {
		t.Fatalf("editor: %v, want EFORBIDDEN", err)
	}
	admin := &municat.Principal{Account: "otto", Roles: map[string]municat.Role{"musterstadt": municat.RoleAdmin}}
	if _, err := e.svc.RevokeToken(ctx, admin, tok.ID); err != nil {
		t.Fatalf("admin: %v", err)
	}
	if _, err := e.svc.RevokeToken(ctx, admin, "0123456789abcdef"); municat.ErrorCode(err) != municat.ENOTFOUND {
		t.Fatalf("unknown id: %v", err)
	}
}

func TestTokensNewestFirst(t *testing.T) {
	e := MustEnv(t, nil)
	_, a := e.MustToken("musterstadt", municat.RoleEditor, 0)
	e.clock.Add(time.Minute)
	_, b := e.MustToken("beispieldorf", municat.RoleEditor, 0)
	e.clock.Add(time.Minute)
	_, c := e.MustToken("musterstadt", municat.RoleAdmin, 0)
	ids := func(org string) string {
		list, err := e.svc.Tokens(context.Background(), org)
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, tok := range list {
			s = append(s, tok.ID)
		}
		return strings.Join(s, ",")
	}
	if got, want := ids(""), c.ID+","+b.ID+","+a.ID; got != want {
		t.Errorf("all: %s, want %s", got, want)
	}
	if got, want := ids("musterstadt"), c.ID+","+a.ID; got != want {
		t.Errorf("musterstadt: %s, want %s", got, want)
	}
}

func FuzzParseBearer(f *testing.F) {
	f.Add("Bearer mct_" + strings.Repeat("A", 43))
	f.Add("bearer   mct_abc")
	f.Add("Basic dXNlcjpwYXNz")
	f.Add("Bearer")
	f.Add("Bearer\tmct_" + strings.Repeat("A", 43))
	f.Add("Bearer mct_" + strings.Repeat("ä", 22))
	f.Fuzz(func(t *testing.T, header string) {
		secret, isBearer, err := parseBearer(header)
		// Header whitespace is SP and HTAB only (RFC 9110).
		if fields := strings.FieldsFunc(header, func(r rune) bool { return r == ' ' || r == '\t' }); len(fields) > 0 && strings.EqualFold(fields[0], "Bearer") && !isBearer {
			t.Fatalf("%q not read as Bearer", header)
		}
		if !isBearer {
			if secret != "" || err != nil {
				t.Fatalf("non-Bearer %q: %q, %v", header, secret, err)
			}
			return
		}
		if err != nil {
			if municat.ErrorCode(err) != municat.EUNAUTHORIZED || secret != "" {
				t.Fatalf("%q: %q, %v", header, secret, err)
			}
			return
		}
		if !wellFormedSecret(secret) || len(secret) != len(municat.TokenPrefix)+43 || !strings.Contains(header, secret) {
			t.Fatalf("%q: accepted secret %q", header, secret)
		}
	})
}
