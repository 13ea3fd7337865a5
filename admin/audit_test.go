package admin

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

// TestAudit checks who sees which entries and the paging by seven days.
func TestAudit(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	ctx := context.Background()
	add := func(at time.Time, org, action, object, summary string) {
		coreOK(t, e.cat.AppendAudit(ctx, &municat.AuditEntry{Time: at, Actor: "account:x", ActorName: "Xaver", Action: action, Organization: org, Object: object, Summary: summary}))
	}
	add(coreStart.Add(-time.Hour), "musterstadt", "dataset.create", "dataset/baeume", "Bäume angelegt")
	add(coreStart.Add(-2*time.Hour), "nachbarort", "dataset.create", "dataset/wege", "Wege angelegt")
	add(coreStart.Add(-3*time.Hour), "", "login.failed", "", "Anmeldung fehlgeschlagen")
	add(coreStart.AddDate(0, 0, -10), "musterstadt", "source.run", "source/ckan", "Alte Ernte")

	root := e.instanceAdmin()
	anna := e.orgAdmin()
	r := e.get(root, "/admin/audit")
	r.want(t, http.StatusOK, "Bäume angelegt", "Wege angelegt", "Anmeldung fehlgeschlagen", "Datensatz angelegt", `href="/admin/datasets/baeume"`, "Vom 25.11.2026 bis 01.12.2026", `href="/admin/audit?until=2026-11-24"`)
	if strings.Contains(r.Body, "Alte Ernte") || strings.Contains(r.Body, "Neuere Einträge") {
		t.Fatal("the first page shows older entries or a link to newer ones")
	}
	if strings.Index(r.Body, "Bäume angelegt") > strings.Index(r.Body, "Wege angelegt") {
		t.Fatal("not newest first")
	}
	r = e.get(anna, "/admin/audit")
	r.want(t, http.StatusOK, "Bäume angelegt")
	if strings.Contains(r.Body, "Wege angelegt") || strings.Contains(r.Body, "Anmeldung fehlgeschlagen") {
		t.Fatal("an organisation admin sees entries of other organisations")
	}
	older := e.get(anna, "/admin/audit?until=2026-11-24")
	older.want(t, http.StatusOK, "Alte Ernte", "Ernte gestartet", "Vom 18.11.2026 bis 24.11.2026", `href="/admin/audit?until=2026-12-01"`)
	e.get(root, "/admin/audit?org=nachbarort").want(t, http.StatusOK, "Wege angelegt")
	if r := e.get(root, "/admin/audit?org=nachbarort"); strings.Contains(r.Body, "Bäume angelegt") {
		t.Fatal("the organisation filter does not filter")
	}
	e.get(root, "/admin/audit?until=gestern").want(t, http.StatusUnprocessableEntity, "JJJJ-MM-TT")
}
