package admin

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

// TestTokens creates a token (secret shown once), lists and revokes it.
func TestTokens(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	anna := e.orgAdmin()
	ctx := context.Background()

	e.post(anna, "/admin/tokens", url.Values{"name": {""}, "organization": {"musterstadt"}, "role": {"editor"}, "expires": {"90"}}).
		want(t, http.StatusUnprocessableEntity, `href="#f-name"`)
	e.post(anna, "/admin/tokens", url.Values{"name": {"Fremd"}, "organization": {"nachbarort"}, "role": {"editor"}, "expires": {"90"}}).
		want(t, http.StatusForbidden)

	r := e.post(anna, "/admin/tokens", url.Values{"name": {"Fachverfahren Baumkataster"}, "organization": {"musterstadt"}, "role": {"editor"}, "expires": {"90"}})
	r.want(t, http.StatusCreated, "Kopieren Sie das Token jetzt", "Stadt Musterstadt", "Redaktion")
	m := regexp.MustCompile(`value="(mct_[A-Za-z0-9_-]{43})"`).FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatal("no secret on the page")
	}
	sum := sha256.Sum256([]byte(m[1]))
	tok, err := e.cat.TokenByHash(ctx, hex.EncodeToString(sum[:]))
	coreOK(t, err)
	if tok.Name != "Fachverfahren Baumkataster" || tok.Organization != "musterstadt" || tok.Role != municat.RoleEditor ||
		tok.Expires == nil || !tok.Expires.Equal(coreStart.Add(90*24*time.Hour)) {
		t.Fatalf("stored %+v", tok)
	}

	list := e.get(anna, "/admin/tokens")
	list.want(t, http.StatusOK, "Fachverfahren Baumkataster", tok.ID, "aktiv", "nie", `data-confirm=`)
	if strings.Contains(list.Body, m[1]) {
		t.Fatal("the list shows the secret")
	}
	// Editors cannot revoke; the admin can.
	emil := e.editor()
	e.post(emil, "/admin/tokens/"+tok.ID+"/revoke", url.Values{}).want(t, http.StatusForbidden)
	e.post(anna, "/admin/tokens/"+tok.ID+"/revoke", url.Values{}).want(t, http.StatusSeeOther)
	tok, err = e.cat.Token(ctx, tok.ID)
	coreOK(t, err)
	if tok.Revoked == nil {
		t.Fatal("not revoked")
	}
	e.get(anna, "/admin/tokens").want(t, http.StatusOK, "widerrufen am 01.12.2026")
	// Another organisation's admin does not see it.
	nina := e.account("nina", false, municat.Membership{Organization: "nachbarort", Role: municat.RoleAdmin})
	if r := e.get(nina, "/admin/tokens"); strings.Contains(r.Body, tok.ID) {
		t.Fatal("another organisation's admin sees the token")
	}
	e.post(nina, "/admin/tokens/"+tok.ID+"/revoke", url.Values{}).want(t, http.StatusForbidden)
}
