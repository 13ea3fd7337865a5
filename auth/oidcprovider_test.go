package auth

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// testIdP is a minimal OpenID provider: discovery, JWKS, an authorize
// endpoint that signs in a fixed person at once, and a token endpoint that
// checks the PKCE verifier and returns an RS256-signed ID token.
type testIdP struct {
	t      *testing.T
	srv    *httptest.Server
	key    *rsa.PrivateKey
	now    func() time.Time
	client string
	secret string

	mu sync.Mutex
	// The person who signs in.
	subject, email string
	verified       any // email_verified claim; nil = absent
	// nonce, if set, replaces the nonce the client sent.
	nonce string
	codes map[string]authRequest
}

type authRequest struct{ nonce, challenge, redirect string }

func newTestIdP(t *testing.T, now func() time.Time) *testIdP {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	idp := &testIdP{t: t, key: key, now: now, client: "municat", secret: "geheim", codes: map[string]authRequest{},
		subject: "u-4711", email: "erika@musterstadt.de", verified: true}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{
			"issuer": idp.srv.URL, "authorization_endpoint": idp.srv.URL + "/authorize", "token_endpoint": idp.srv.URL + "/token",
			"jwks_uri": idp.srv.URL + "/jwks", "response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
			"id_token_signing_alg_values_supported": []string{"RS256"}, "code_challenge_methods_supported": []string{"S256"},
		})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("GET /authorize", idp.authorize)
	mux.HandleFunc("POST /token", idp.token)
	idp.srv = httptest.NewServer(mux)
	t.Cleanup(idp.srv.Close)
	return idp
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (idp *testIdP) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("response_type") != "code" || q.Get("client_id") != idp.client || q.Get("code_challenge_method") != "S256" ||
		q.Get("code_challenge") == "" || q.Get("state") == "" || q.Get("nonce") == "" || !strings.Contains(q.Get("scope"), "openid") {
		http.Error(w, "bad authorization request: "+r.URL.RawQuery, 400)
		return
	}
	code := randomString(16)
	idp.mu.Lock()
	idp.codes[code] = authRequest{nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), redirect: q.Get("redirect_uri")}
	idp.mu.Unlock()
	http.Redirect(w, r, q.Get("redirect_uri")+"?"+url.Values{"code": {code}, "state": {q.Get("state")}}.Encode(), http.StatusFound)
}

func (idp *testIdP) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	idp.mu.Lock()
	req, known := idp.codes[r.PostForm.Get("code")]
	delete(idp.codes, r.PostForm.Get("code"))
	idp.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	switch {
	case id != idp.client || secret != idp.secret:
		writeJSON(w, 401, map[string]string{"error": "invalid_client"})
		return
	case !known || r.PostForm.Get("grant_type") != "authorization_code" || r.PostForm.Get("redirect_uri") != req.redirect ||
		base64.RawURLEncoding.EncodeToString(sum[:]) != req.challenge:
		writeJSON(w, 400, map[string]string{"error": "invalid_grant"})
		return
	}
	idp.mu.Lock()
	claims := map[string]any{
		"iss": idp.srv.URL, "sub": idp.subject, "aud": idp.client, "email": idp.email,
		"iat": idp.now().Unix(), "exp": idp.now().Add(5 * time.Minute).Unix(), "nonce": req.nonce,
	}
	if idp.verified != nil {
		claims["email_verified"] = idp.verified
	}
	if idp.nonce != "" {
		claims["nonce"] = idp.nonce
	}
	idp.mu.Unlock()
	writeJSON(w, 200, map[string]any{"access_token": "at-" + randomString(8), "token_type": "Bearer", "expires_in": 300, "id_token": idp.sign(claims)})
}

// sign returns claims as an RS256 JWT signed with the provider's key.
func (idp *testIdP) sign(claims map[string]any) string {
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: idp.key}, (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", "k1"))
	if err != nil {
		idp.t.Fatal(err)
	}
	payload, _ := json.Marshal(claims)
	jws, err := signer.Sign(payload)
	if err != nil {
		idp.t.Fatal(err)
	}
	s, err := jws.CompactSerialize()
	if err != nil {
		idp.t.Fatal(err)
	}
	return s
}

// set changes the person who signs in next.
func (idp *testIdP) set(fn func(*testIdP)) {
	idp.mu.Lock()
	defer idp.mu.Unlock()
	fn(idp)
}
