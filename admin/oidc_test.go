package admin

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/municat/municat/auth"
)

// TestOIDCRoutes checks the sign-in through an identity provider as far
// as the admin pages take part: the button, the start that sends the
// visitor to the provider and a callback that is not the answer to a
// login begun here. (The whole flow is tested in package auth.)
func TestOIDCRoutes(t *testing.T) {
	t.Parallel()
	var provider *httptest.Server
	provider = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/openid-configuration" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"issuer": provider.URL, "authorization_endpoint": provider.URL + "/authorize", "token_endpoint": provider.URL + "/token",
			"jwks_uri": provider.URL + "/jwks", "id_token_signing_alg_values_supported": []string{"RS256"},
			"response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
		})
	}))
	t.Cleanup(provider.Close)
	e := newCoreEnv(t, func(c *auth.Config) {
		c.OIDC = &auth.OIDCConfig{Issuer: provider.URL, ClientID: "municat", ClientSecret: "geheim", RedirectURL: "https://portal.example/admin/oidc/callback", Name: "Mit dem Landesportal anmelden"}
	})
	e.get(nil, "/admin/login?next=/tokens").want(t, http.StatusOK, `href="/admin/oidc/start?next=%2ftokens"`, "Mit dem Landesportal anmelden")

	r := e.get(nil, "/admin/oidc/start?next=/tokens")
	r.want(t, http.StatusSeeOther)
	loc, err := url.Parse(r.Header.Get("Location"))
	coreOK(t, err)
	q := loc.Query()
	if !strings.HasPrefix(loc.String(), provider.URL+"/authorize?") || q.Get("client_id") != "municat" || q.Get("state") == "" || q.Get("code_challenge_method") != "S256" {
		t.Fatalf("start redirects to %s", loc)
	}
	if r.cookie(auth.OIDCCookie) == "" {
		t.Fatal("no flow cookie")
	}

	// A callback without the flow cookie: the sign-in form with the reason.
	cb := e.get(nil, "/admin/oidc/callback?state=x&code=y")
	cb.want(t, http.StatusUnauthorized, "Die Anmeldung hat zu lange gedauert", `name="password"`)
	if cb.cookie(auth.SessionCookie) != "" {
		t.Fatal("a session was started")
	}
	checkNoInline(t, "callback", cb.Body)
}
