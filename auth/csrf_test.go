package auth

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/municat/municat"
)

func TestCSRF(t *testing.T) {
	e := MustEnv(t, nil)
	e.MustAccount("anna", true)
	cookie, csrf := e.MustLogin("anna")
	jar := []*http.Cookie{cookie}
	const path = "/admin/organisationen"
	expired := "Das Formular ist abgelaufen. Bitte laden Sie die Seite neu."
	expect(t, "missing", e.Do(request{method: "POST", path: path, form: url.Values{}, cookies: jar}), 403, expired)
	expect(t, "wrong", e.Do(request{method: "POST", path: path, form: url.Values{"csrf": {csrf[:42] + "x"}}, cookies: jar}), 403, expired)
	expect(t, "in query only", e.Do(request{method: "POST", path: path + "?csrf=" + csrf, cookies: jar}), 403, expired)
	expect(t, "form", e.Do(request{method: "POST", path: path, form: url.Values{"csrf": {csrf}}, cookies: jar}), 200, "account:anna")
	expect(t, "header", e.Do(request{method: "POST", path: path, header: map[string]string{"X-CSRF-Token": csrf}, cookies: jar}), 200, "account:anna")
	expect(t, "GET needs none", e.Do(request{method: "GET", path: "/admin/", cookies: jar}), 200, "account:anna")

	// Multipart forms (uploads) carry it in the action URL: a token only in
	// the body is not looked for, because finding it would mean reading
	// the whole upload before the handler streams it.
	body := "--XX\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf + "\r\n--XX--\r\n"
	r := request{method: "POST", path: path, header: map[string]string{"Content-Type": "multipart/form-data; boundary=XX"}, cookies: jar}
	expect(t, "multipart, token in the body only", e.doBody(r, body), 403, expired)
	r.path = path + "?csrf=" + csrf
	expect(t, "multipart, token in the action URL", e.doBody(r, body), 200, "account:anna")
}

// doBody sends req with a raw body.
func (e *testEnv) doBody(req request, body string) *response {
	e.t.Helper()
	r, err := http.NewRequest(req.method, "http://municat.test"+req.path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	for k, v := range req.header {
		r.Header.Set(k, v)
	}
	for _, c := range req.cookies {
		r.AddCookie(c)
	}
	resp, err := e.app.Test(r, -1)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return &response{Response: resp, body: string(b)}
}

// TestCredentialKinds: a Bearer token does not open cookie-session routes,
// and a cookie does not authenticate token routes.
func TestCredentialKinds(t *testing.T) {
	e := MustEnv(t, nil)
	e.MustAccount("anna", true)
	cookie, csrf := e.MustLogin("anna")
	secret, _ := e.MustToken("musterstadt", municat.RoleAdmin, 0)
	expect(t, "bearer on session route", e.Do(request{method: "GET", path: "/admin/", header: bearer(secret)}), 401, "Bitte melden Sie sich an.")
	expect(t, "cookie on token route", e.Do(request{method: "GET", path: "/api/v1/whoami", cookies: []*http.Cookie{cookie}, header: map[string]string{"X-CSRF-Token": csrf}}), 401,
		"Für diese Anfrage ist ein API-Token nötig")
	expect(t, "cookie on token route with Require", e.Do(request{method: "POST", path: "/api/v1/datasets?org=musterstadt", cookies: []*http.Cookie{cookie}}), 401, "API-Token")
	// Bearer wins over the cookie when both come.
	expect(t, "both", e.Do(request{method: "GET", path: "/api/v1/whoami", cookies: []*http.Cookie{cookie}, header: bearer(secret)}), 200, "token:")
}

// TestCSRFStreamedUpload: on an app that streams request bodies (as the
// server does), a multipart form whose action URL carries the token leaves
// the body stream to the handler.
func TestCSRFStreamedUpload(t *testing.T) {
	e := MustEnv(t, nil)
	e.MustAccount("anna", true)
	cookie, csrf := e.MustLogin("anna")
	app := fiber.New(fiber.Config{ErrorHandler: testErrorHandler, StreamRequestBody: true, DisablePreParseMultipartForm: true})
	app.Use(e.svc.Middleware())
	e.svc.NewRouter().Handle(app, "POST", "/upload", Policy{SignedIn: true, Session: true}, func(c *fiber.Ctx) error {
		var n int
		if s := c.Context().RequestBodyStream(); s != nil {
			b, err := io.ReadAll(s)
			if err != nil {
				return err
			}
			n = len(b)
		}
		return c.SendString(fmt.Sprint("stream=", n))
	})
	file := strings.Repeat("Baum;Art;Höhe\n", 20000) // 300 kB
	body := "--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"baeume.csv\"\r\nContent-Type: text/csv\r\n\r\n" + file + "\r\n--XX--\r\n"
	send := func(path string) *response {
		r := httptest.NewRequest("POST", path, strings.NewReader(body))
		r.Header.Set("Content-Type", "multipart/form-data; boundary=XX")
		r.AddCookie(cookie)
		resp, err := app.Test(r, -1)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return &response{Response: resp, body: string(b)}
	}
	expect(t, "token in action URL", send("/upload?csrf="+url.QueryEscape(csrf)), 200, fmt.Sprint("stream=", len(body)))
	// Refused before the body is read: the connection closes, so the
	// unread body is never taken for a request.
	resp := send("/upload?csrf=falsch")
	expect(t, "wrong token in action URL", resp, 403, "Das Formular ist abgelaufen.")
	if !resp.Close {
		t.Error("connection kept open with an unread body")
	}
	expect(t, "no token", send("/upload"), 403, "Das Formular ist abgelaufen.")
}
