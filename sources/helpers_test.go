package sources_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/harvester/ckan"
	"github.com/municat/municat/harvester/csw"
	"github.com/municat/municat/harvester/dcat"
	"github.com/municat/municat/internal/ckantest"
	"github.com/municat/municat/sources"
	"github.com/municat/municat/store/fs"
)

// env is a source service over a file store, with a real runner, a
// running scheduler and a CKAN test portal.
type env struct {
	svc     *sources.Service
	store   municat.Store
	cat     *catalog.Catalog
	runner  *harvester.Runner
	sched   *harvester.Scheduler
	results chan *harvester.Result
	ckan    *ckantest.Server
}

// Principals of the tests: admin and editor of stadt-demo, admin of
// stadt-andere, an instance admin.
var (
	demoAdmin     = (&municat.Account{ID: "anna", Name: "Anna Admin", Memberships: []municat.Membership{{Organization: "stadt-demo", Role: municat.RoleAdmin}}}).Principal()
	demoEditor    = (&municat.Account{ID: "ede", Memberships: []municat.Membership{{Organization: "stadt-demo", Role: municat.RoleEditor}}}).Principal()
	otherAdmin    = (&municat.Account{ID: "otto", Memberships: []municat.Membership{{Organization: "stadt-andere", Role: municat.RoleAdmin}}}).Principal()
	instanceAdmin = (&municat.Account{ID: "root", InstanceAdmin: true}).Principal()
)

// MustEnv returns an env whose organisations stadt-demo and stadt-andere
// exist.
func MustEnv(t *testing.T) *env {
	t.Helper()
	st, err := fs.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cat := catalog.New(st)
	ctx := context.Background()
	for _, o := range []municat.Organization{{ID: "stadt-demo", Name: "Stadt Demo"}, {ID: "stadt-andere", Name: "Stadt Andere"}} {
		if err := cat.PutOrganization(ctx, &o); err != nil {
			t.Fatal(err)
		}
	}
	client := harvester.NewHTTPClientWith(&harvester.Transport{Cache: cat, HostDelay: -1, AllowNets: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}})
	t.Cleanup(client.CloseIdleConnections)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	runner := &harvester.Runner{
		Catalog: cat,
		Fetchers: map[string]harvester.Fetcher{
			municat.SourceCKAN: &ckan.Fetcher{Client: client, Backoff: time.Millisecond},
			municat.SourceDCAT: &dcat.Fetcher{Client: client, Logger: logger},
			municat.SourceCSW:  &csw.Fetcher{Client: client},
		},
		Logger: logger,
	}
	results := make(chan *harvester.Result, 20)
	sched, err := harvester.NewScheduler(runner, nil, func(res *harvester.Result) { results <- res }, logger)
	if err != nil {
		t.Fatal(err)
	}
	sched.Start()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := sched.Stop(ctx); err != nil {
			t.Errorf("scheduler Stop: %v", err)
		}
	})
	return &env{
		svc:     sources.New(sources.Config{Catalog: cat, Runner: runner, Scheduler: sched, Logger: logger}),
		store:   st,
		cat:     cat,
		runner:  runner,
		sched:   sched,
		results: results,
		ckan:    ckantest.New(t),
	}
}

// source returns a valid new source of stadt-demo on the CKAN portal.
func (e *env) source(id string) *municat.Source {
	return &municat.Source{ID: id, Type: municat.SourceCKAN, URL: e.ckan.URL, Organization: "stadt-demo", Name: "Demo-Portal"}
}

// MustCreate creates src as the demo admin.
func (e *env) MustCreate(t *testing.T, src *municat.Source) *municat.Source {
	t.Helper()
	out, err := e.svc.Create(context.Background(), demoAdmin, src)
	if err != nil {
		t.Fatalf("Create(%s): %v", src.ID, err)
	}
	return out
}

// Keys returns the keys of every stored object outside the audit log.
func (e *env) Keys(t *testing.T) []string {
	t.Helper()
	var keys []string
	err := e.store.List(context.Background(), "", func(o municat.ObjectInfo) error {
		if !strings.HasPrefix(o.Key, catalog.AuditPrefix) {
			keys = append(keys, o.Key)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// Audit returns the audit entries of today and yesterday, newest first.
func (e *env) Audit(t *testing.T) []*municat.AuditEntry {
	t.Helper()
	var out []*municat.AuditEntry
	now := time.Now()
	err := e.cat.Audit(context.Background(), now.Add(-24*time.Hour), now.Add(24*time.Hour), func(a *municat.AuditEntry) bool {
		out = append(out, a)
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// MustCode checks that err is a *municat.Error with code whose message
// contains says.
func MustCode(t *testing.T, what string, err error, code, says string) {
	t.Helper()
	var me *municat.Error
	if !errors.As(err, &me) || me.Code != code || !strings.Contains(me.Message, says) {
		t.Errorf("%s: %v, want %s saying %q", what, err, code, says)
	}
}

// MustFields checks that err is a *municat.ValidationError naming exactly
// the fields.
func MustFields(t *testing.T, what string, err error, fields ...string) {
	t.Helper()
	var ve *municat.ValidationError
	if !errors.As(err, &ve) {
		t.Errorf("%s: %v, want a ValidationError of %v", what, err, fields)
		return
	}
	var got []string
	for _, f := range ve.Fields {
		got = append(got, f.Field)
		if f.Message == "" {
			t.Errorf("%s: field %s without a message", what, f.Field)
		}
	}
	if strings.Join(got, ",") != strings.Join(fields, ",") {
		t.Errorf("%s: fields %v (%v), want %v", what, got, ve, fields)
	}
}

// MustReceive waits for a value of ch, failing the test after d.
func MustReceive[T any](t *testing.T, ch <-chan T, d time.Duration, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}
