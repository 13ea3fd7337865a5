package sources_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

// TestCreate stores a source with its German schedule as cron, puts it on
// the schedule and records who made it.
func TestCreate(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	in := e.source("demo-ckan")
	in.Schedule = "täglich um 03:00"
	in.Managed = municat.ManagedByConfig // not the API's to set
	got := e.MustCreate(t, in)
	if got.Schedule != "0 3 * * *" || got.Managed != "" || got.ID != "demo-ckan" {
		t.Errorf("created %+v, want schedule 0 3 * * * and not managed", got)
	}
	if in.Schedule != "täglich um 03:00" {
		t.Errorf("Create changed its input: schedule %q", in.Schedule)
	}
	stored, err := e.cat.Source(ctx, "demo-ckan")
	if err != nil || stored.Schedule != "0 3 * * *" || stored.URL != e.ckan.URL || stored.Organization != "stadt-demo" {
		t.Fatalf("stored %+v, %v", stored, err)
	}
	if sched, ok := e.sched.Source("demo-ckan"); !ok || sched.Schedule != "0 3 * * *" {
		t.Errorf("scheduler has %+v, %v; want the new source", sched, ok)
	}
	audit := e.Audit(t)
	if len(audit) != 1 || audit[0].Action != "source.create" || audit[0].Actor != "account:anna" || audit[0].Object != "source/demo-ckan" ||
		audit[0].Organization != "stadt-demo" || !strings.Contains(audit[0].Summary, "täglich um 03:00 Uhr") {
		t.Errorf("audit %+v, want one source.create by anna", audit)
	}

	_, err = e.svc.Create(ctx, demoAdmin, e.source("demo-ckan"))
	MustCode(t, "Create of a taken id", err, municat.ECONFLICT, "Die Kennung »demo-ckan« ist schon vergeben")

	list, err := e.svc.Sources(ctx, demoEditor, "stadt-demo")
	if err != nil || len(list) != 1 || list[0].ID != "demo-ckan" {
		t.Errorf("Sources(stadt-demo) = %v, %v", list, err)
	}
	if list, err := e.svc.Sources(ctx, otherAdmin, ""); err != nil || len(list) != 0 {
		t.Errorf("Sources of another organisation's admin = %v, %v; want none", list, err)
	}
	if list, err := e.svc.Sources(ctx, instanceAdmin, ""); err != nil || len(list) != 1 {
		t.Errorf("Sources of the instance admin = %v, %v; want 1", list, err)
	}
}

// TestCreateRejects names every field at fault, in the JSON names of the
// source, and writes nothing.
func TestCreateRejects(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		edit   func(*municat.Source)
		fields []string
	}{
		{"bad id", func(s *municat.Source) { s.ID = "Stadt CKAN" }, []string{"id"}},
		{"unknown type", func(s *municat.Source) { s.Type = "gopher" }, []string{"type"}},
		{"ftp", func(s *municat.Source) { s.URL = "ftp://daten.example/" }, []string{"url"}},
		{"password in URL", func(s *municat.Source) { s.URL = "https://user:geheim@daten.example/" }, []string{"url"}},
		{"schedule", func(s *municat.Source) { s.Schedule = "manchmal" }, []string{"schedule"}},
		{"time zone", func(s *municat.Source) { s.TimeZone = "Mars/Olympus" }, []string{"time_zone"}},
		{"timeout", func(s *municat.Source) { s.Timeout = "lange" }, []string{"timeout"}},
		{"no organisation", func(s *municat.Source) { s.Organization = "" }, []string{"organization"}},
		{"notify", func(s *municat.Source) { s.Notify = &municat.Notify{Webhook: "gopher://x"} }, []string{"notify"}},
		{"all at once", func(s *municat.Source) { s.ID, s.Type, s.Schedule = "X", "gopher", "bald" }, []string{"schedule", "id", "type"}},
	} {
		src := e.source("demo-ckan")
		tc.edit(src)
		_, err := e.svc.Create(ctx, instanceAdmin, src)
		MustFields(t, tc.name, err, tc.fields...)
	}
	src := e.source("demo-ckan")
	src.Organization = "nirgendwo"
	_, err := e.svc.Create(ctx, instanceAdmin, src)
	MustFields(t, "unknown organisation", err, "organization")

	src = e.source("demo-ckan")
	src.Schedule = "alle 7 Minuten"
	_, err = e.svc.Create(ctx, demoAdmin, src)
	MustFields(t, "schedule message", err, "schedule")
	if err != nil && !strings.Contains(err.Error(), "möglich sind alle 5, 6, 10") {
		t.Errorf("the schedule message %q does not say what is possible", err)
	}
	if keys := e.Keys(t); slices.ContainsFunc(keys, func(k string) bool { return strings.HasPrefix(k, "sources/") }) {
		t.Errorf("refused sources were stored: %v", keys)
	}
	if _, ok := e.sched.Source("demo-ckan"); ok {
		t.Error("a refused source was scheduled")
	}
}

// TestPermissions: admins manage, editors see and run, other
// organisations and anonymous callers are refused.
func TestPermissions(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	_, err := e.svc.Create(ctx, demoEditor, e.source("demo-ckan"))
	MustCode(t, "editor creates", err, municat.EFORBIDDEN, "»Administration« in der Organisation »stadt-demo«")
	_, err = e.svc.Create(ctx, otherAdmin, e.source("demo-ckan"))
	MustCode(t, "other admin creates", err, municat.EFORBIDDEN, "stadt-demo")
	_, err = e.svc.Create(ctx, nil, e.source("demo-ckan"))
	MustCode(t, "anonymous creates", err, municat.EUNAUTHORIZED, "melden Sie sich an")
	e.MustCreate(t, e.source("demo-ckan"))

	upd := e.source("demo-ckan")
	upd.Name = "Neu"
	_, err = e.svc.Update(ctx, demoEditor, "demo-ckan", upd)
	MustCode(t, "editor updates", err, municat.EFORBIDDEN, "Administration")
	_, err = e.svc.Update(ctx, otherAdmin, "demo-ckan", upd)
	MustCode(t, "other admin updates", err, municat.EFORBIDDEN, "stadt-demo")
	moved := e.source("demo-ckan")
	moved.Organization = "stadt-andere"
	_, err = e.svc.Update(ctx, demoAdmin, "demo-ckan", moved)
	MustCode(t, "admin moves the source to an organisation not theirs", err, municat.EFORBIDDEN, "stadt-andere")
	MustCode(t, "editor deletes", e.svc.Delete(ctx, demoEditor, "demo-ckan"), municat.EFORBIDDEN, "Administration")
	_, err = e.svc.SetPaused(ctx, demoEditor, "demo-ckan", true)
	MustCode(t, "editor pauses", err, municat.EFORBIDDEN, "Administration")

	for name, p := range map[string]*municat.Principal{"other admin": otherAdmin} {
		_, err = e.svc.Source(ctx, p, "demo-ckan")
		MustCode(t, name+" reads", err, municat.EFORBIDDEN, "»Redaktion« in der Organisation »stadt-demo«")
		_, err = e.svc.Sources(ctx, p, "stadt-demo")
		MustCode(t, name+" lists", err, municat.EFORBIDDEN, "stadt-demo")
		_, err = e.svc.RunNow(ctx, p, "demo-ckan")
		MustCode(t, name+" runs", err, municat.EFORBIDDEN, "stadt-demo")
		_, err = e.svc.DryRun(ctx, p, "demo-ckan")
		MustCode(t, name+" dry-runs", err, municat.EFORBIDDEN, "stadt-demo")
		_, err = e.svc.Test(ctx, p, e.source(""))
		MustCode(t, name+" tests", err, municat.EFORBIDDEN, "stadt-demo")
	}
	_, err = e.svc.Source(ctx, nil, "demo-ckan")
	MustCode(t, "anonymous reads", err, municat.EUNAUTHORIZED, "melden Sie sich an")
	_, err = e.svc.Source(ctx, demoEditor, "gibt-es-nicht")
	MustCode(t, "unknown source", err, municat.ENOTFOUND, "gibt-es-nicht")

	// What an editor may do.
	if _, err := e.svc.Source(ctx, demoEditor, "demo-ckan"); err != nil {
		t.Errorf("editor reads: %v", err)
	}
	if _, err := e.svc.Test(ctx, demoEditor, e.source("")); err != nil {
		t.Errorf("editor tests: %v", err)
	}
	if _, err := e.svc.DryRun(ctx, demoEditor, "demo-ckan"); err != nil {
		t.Errorf("editor dry-runs: %v", err)
	}
	if _, err := e.svc.RunNow(ctx, demoEditor, "demo-ckan"); err != nil {
		t.Errorf("editor runs: %v", err)
	}
	MustReceive(t, e.results, 10*time.Second, "the editor's run")
	if got, err := e.cat.Source(ctx, "demo-ckan"); err != nil || got.Name != "Demo-Portal" || got.Paused {
		t.Errorf("after refused changes the source is %+v, %v", got, err)
	}
}

// TestManaged: a source of the configuration file cannot be changed or
// deleted here, but can be paused.
func TestManaged(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	src := e.source("aus-datei")
	src.Managed = municat.ManagedByConfig
	if err := e.cat.PutSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	_, err := e.svc.Update(ctx, demoAdmin, "aus-datei", e.source("aus-datei"))
	MustCode(t, "Update", err, municat.ECONFLICT, "Diese Quelle ist in der Konfigurationsdatei festgelegt")
	MustCode(t, "Delete", e.svc.Delete(ctx, demoAdmin, "aus-datei"), municat.ECONFLICT, "Konfigurationsdatei")
	got, err := e.svc.SetPaused(ctx, demoAdmin, "aus-datei", true)
	if err != nil || !got.Paused || got.Managed != municat.ManagedByConfig {
		t.Fatalf("SetPaused: %+v, %v", got, err)
	}
	if stored, _ := e.cat.Source(ctx, "aus-datei"); !stored.Paused || stored.Managed != municat.ManagedByConfig {
		t.Errorf("stored %+v, want paused and still managed", stored)
	}
}

// TestUpdateAndDelete changes a source (German schedule, kept pause
// state) and deletes it: off the schedule, its datasets stay.
func TestUpdateAndDelete(t *testing.T) {
	e := MustEnv(t)
	ctx := context.Background()
	src := e.source("demo-ckan")
	src.Notify = &municat.Notify{Webhook: "https://hooks.example/m"}
	e.MustCreate(t, src)
	if _, err := e.svc.SetPaused(ctx, demoAdmin, "demo-ckan", true); err != nil {
		t.Fatal(err)
	}

	upd := e.source("")
	upd.Organization = ""
	upd.Name = "Neuer Name"
	upd.Schedule = "werktags um 6 Uhr"
	upd.Notify = &municat.Notify{Webhook: "https://hooks.example/m"}
	got, err := e.svc.Update(ctx, demoAdmin, "demo-ckan", upd)
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if got.Schedule != "0 6 * * 1-5" || got.Name != "Neuer Name" || !got.Paused || got.Organization != "stadt-demo" || got.Notify.Webhook != "https://hooks.example/m" {
		t.Errorf("updated %+v (notify %+v), want the new schedule, still paused", got, got.Notify)
	}
	if s, ok := e.sched.Source("demo-ckan"); !ok || s.Schedule != "0 6 * * 1-5" || !s.Paused {
		t.Errorf("scheduler has %+v, want the updated, paused record", s)
	}
	audit := e.Audit(t)
	if audit[0].Action != "source.update" || strings.Join(audit[0].Fields, ",") != "schedule,name" {
		t.Errorf("audit %+v, want source.update of schedule,name", audit[0])
	}
	if audit[1].Action != "source.pause" {
		t.Errorf("audit %+v, want source.pause before", audit[1])
	}
	renamed := e.source("anders")
	_, err = e.svc.Update(ctx, demoAdmin, "demo-ckan", renamed)
	MustFields(t, "id change", err, "id")
	bad := e.source("demo-ckan")
	bad.Schedule = "nie"
	_, err = e.svc.Update(ctx, demoAdmin, "demo-ckan", bad)
	MustFields(t, "bad schedule", err, "schedule")

	// Harvest once, then delete: the datasets stay.
	if _, err := e.svc.RunNow(ctx, demoAdmin, "demo-ckan"); err != nil {
		t.Fatal(err)
	}
	res := MustReceive(t, e.results, 10*time.Second, "the run")
	if res.Run.Status != municat.RunSucceeded {
		t.Fatalf("run %s: %s", res.Run.Status, res.Run.Error)
	}
	if err := e.svc.Delete(ctx, demoAdmin, "demo-ckan"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	_, err = e.cat.Source(ctx, "demo-ckan")
	MustCode(t, "deleted source", err, municat.ENOTFOUND, "")
	if _, ok := e.sched.Source("demo-ckan"); ok {
		t.Error("the deleted source is still scheduled")
	}
	n := 0
	_ = e.cat.SourceDatasets(ctx, "demo-ckan", func(*municat.Dataset) error { n++; return nil })
	if n == 0 || n != len(res.Changed) {
		t.Errorf("%d datasets after deleting the source, want the %d harvested", n, len(res.Changed))
	}
	if a := e.Audit(t)[0]; a.Action != "source.delete" || a.Actor != "account:anna" {
		t.Errorf("audit %+v, want source.delete by anna", a)
	}
}
