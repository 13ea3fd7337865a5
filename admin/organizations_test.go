package admin

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

// TestOrganizationForm creates an organisation with errors (422 naming
// each field, input kept), then valid (stored, audit entry), and edits it.
func TestOrganizationForm(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	root := e.instanceAdmin()
	ctx := context.Background()

	bad := url.Values{"id": {"Stadt Ä"}, "name": {""}, "homepage": {"www.example"}, "email": {"keine-adresse"}, "ags": {"1234567"}, "contributor_id": {"musterdorf"}}
	r := e.post(root, "/admin/organizations", bad)
	r.want(t, http.StatusUnprocessableEntity,
		`<title>Fehler: Neue Organisation`, `class="error-summary"`, `autofocus`,
		`href="#f-id"`, `href="#f-name"`, `href="#f-homepage"`, `href="#f-email"`, `href="#f-ags"`, `href="#f-contributor_id"`,
		`id="f-homepage-error"`, `aria-describedby="f-homepage-hint f-homepage-error"`, `aria-invalid="true"`,
		`value="Stadt Ä"`, `value="www.example"`, `value="keine-adresse"`)
	if n := strings.Count(r.Body, `class="error-message"`); n != 6 {
		t.Errorf("%d field errors shown, want 6", n)
	}
	if orgs, _ := e.cat.Organizations(ctx); len(orgs) != 2 {
		t.Fatalf("%d organisations after a failed form", len(orgs))
	}

	// Taken and reserved ids.
	e.post(root, "/admin/organizations", url.Values{"id": {"musterstadt"}, "name": {"Doppelt"}}).
		want(t, http.StatusUnprocessableEntity, "ist schon vergeben")
	e.post(root, "/admin/organizations", url.Values{"id": {"new"}, "name": {"Neu"}}).
		want(t, http.StatusUnprocessableEntity, "reserviert")

	good := url.Values{"id": {"musterdorf"}, "name": {"Gemeinde Musterdorf"}, "homepage": {"https://www.musterdorf.de"},
		"email": {"opendata@musterdorf.de"}, "ags": {"03241002"}, "contributor_id": {"http://dcat-ap.de/def/contributors/musterdorf"}, "description": {"Eine Gemeinde."}}
	r = e.post(root, "/admin/organizations", good)
	r.want(t, http.StatusSeeOther)
	if r.Header.Get("Location") != "/admin/organizations" {
		t.Fatalf("Location %q", r.Header.Get("Location"))
	}
	o, err := e.cat.Organization(ctx, "musterdorf")
	coreOK(t, err)
	want := municat.Organization{ID: "musterdorf", Name: "Gemeinde Musterdorf", Homepage: "https://www.musterdorf.de", Email: "opendata@musterdorf.de",
		AGS: "03241002", ContributorID: "http://dcat-ap.de/def/contributors/musterdorf", Description: municat.Text{"de": "Eine Gemeinde."}}
	if o.ID != want.ID || o.Name != want.Name || o.Homepage != want.Homepage || o.Email != want.Email || o.AGS != want.AGS || o.ContributorID != want.ContributorID || o.Description["de"] != "Eine Gemeinde." {
		t.Fatalf("stored %+v, want %+v", o, want)
	}
	e.get(root, "/admin/organizations").want(t, http.StatusOK, "Gemeinde Musterdorf", "03241002")

	// Edit: the id stays, the changed fields are audited.
	e.clock.Add(time.Minute)
	e.get(root, "/admin/organizations/musterdorf").want(t, http.StatusOK, `value="Gemeinde Musterdorf"`, "lässt sich nicht ändern")
	e.post(root, "/admin/organizations/musterdorf", url.Values{"id": {"anders"}, "name": {"Gemeinde Musterdorf (Amt)"}, "homepage": {"https://www.musterdorf.de"}, "ags": {"03241002"}}).
		want(t, http.StatusSeeOther)
	o, err = e.cat.Organization(ctx, "musterdorf")
	coreOK(t, err)
	if o.Name != "Gemeinde Musterdorf (Amt)" || o.Email != "" || o.Description != nil {
		t.Fatalf("after the edit: %+v", o)
	}
	var actions []string
	var fields []string
	coreOK(t, e.cat.Audit(ctx, coreStart.Add(-time.Hour), coreStart.Add(time.Hour), func(a *municat.AuditEntry) bool {
		actions = append(actions, a.Action+" "+a.Actor+" "+a.Object)
		if a.Action == "organization.update" {
			fields = a.Fields
		}
		return true
	}))
	if strings.Join(actions, ",") != "organization.update account:root organization/musterdorf,organization.create account:root organization/musterdorf" {
		t.Fatalf("audit %q", actions)
	}
	if strings.Join(fields, ",") != "name,email,contributor_id,description" {
		t.Fatalf("audited fields %q", fields)
	}
}

// TestHostileText checks that names with markup are shown as text.
func TestHostileText(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	root := e.instanceAdmin()
	ctx := context.Background()
	hostile := `<script>alert("x")</script><img src=x onerror=alert(1)>`
	coreOK(t, e.cat.PutOrganization(ctx, &municat.Organization{ID: "boese", Name: hostile}))
	coreOK(t, e.cat.PutDataset(ctx, &municat.Dataset{ID: "boese-daten", Title: municat.Text{"de": hostile}, Organization: "boese", State: municat.Draft, Modified: &coreStart}))
	e.account("x-editor", false, municat.Membership{Organization: "boese", Role: municat.RoleEditor})
	for _, path := range []string{"/admin/organizations", "/admin/organizations/boese", "/admin/?org=boese", "/admin/accounts"} {
		r := e.get(root, path)
		r.want(t, http.StatusOK, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;")
		if strings.Contains(r.Body, "<script>alert") || strings.Contains(r.Body, "<img src=x") {
			t.Errorf("%s: markup of a name is not escaped", path)
		}
		checkNoInline(t, path, r.Body)
	}
}
