package publish_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/municat/municat"
)

func TestCreateDraftIsInvisible(t *testing.T) {
	e := newEnv(t, 0, nil)
	ctx := context.Background()
	d := e.mustCreate(t, anna, input("Straßenbäume Musterstadt"))
	if d.ID != "strassenbaeume-musterstadt" || d.State != municat.Draft || d.Issued != nil || !d.Modified.Equal(start) {
		t.Fatalf("created %s state %q issued %v modified %v", d.ID, d.State, d.Issued, d.Modified)
	}
	if got := e.stored(t, d.ID); got.Title["de"] != "Straßenbäume Musterstadt" || got.State != municat.Draft {
		t.Fatalf("stored %+v", got)
	}
	if ids := e.search(t, "Straßenbäume"); len(ids) != 0 {
		t.Fatalf("draft found by search: %v", ids)
	}
	for _, p := range []*municat.Principal{nobody, bernd} {
		_, err := e.svc.Dataset(ctx, p, d.ID)
		wantCode(t, err, municat.ENOTFOUND)
	}
	for _, p := range []*municat.Principal{anna, robot, root} {
		if _, err := e.svc.Dataset(ctx, p, d.ID); err != nil {
			t.Fatalf("%s: %v", p.Actor(), err)
		}
	}
	a := e.audit(t)
	if len(a) != 1 || a[0].Action != "dataset.create" || a[0].Actor != "account:anna" || a[0].ActorName != "Anna Amt" ||
		a[0].Organization != "musterstadt" || a[0].Object != "dataset/"+d.ID || !slices.Contains(a[0].Fields, "title") {
		t.Fatalf("audit %+v", a)
	}
}

func TestPublishIsSearchable(t *testing.T) {
	e := newEnv(t, 0, nil)
	ctx := context.Background()
	d := e.mustCreate(t, anna, input("Baumkataster"))
	e.clock.Set(start.Add(time.Hour))
	in := *d
	in.State = municat.Published
	got, err := e.svc.UpdateDataset(ctx, robot, d.ID, &in)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != municat.Published || got.Issued == nil || !got.Issued.Equal(start.Add(time.Hour)) || !got.Modified.Equal(start) {
		t.Fatalf("published: state %q issued %v modified %v (only the state changed)", got.State, got.Issued, got.Modified)
	}
	if ids := e.search(t, "Baumkataster"); !slices.Equal(ids, []string{"baumkataster"}) {
		t.Fatalf("search: %v", ids)
	}
	if _, err := e.svc.Dataset(ctx, nobody, d.ID); err != nil {
		t.Fatalf("published dataset hidden: %v", err)
	}
	a := e.audit(t)
	if last := a[len(a)-1]; last.Action != "dataset.publish" || last.Actor != "token:0123456789abcdef" || !slices.Equal(last.Fields, []string{"issued", "state"}) {
		t.Fatalf("audit %+v", last)
	}

	// A content change sets Modified and keeps Issued; the index follows.
	e.clock.Set(start.Add(2 * time.Hour))
	in = *got
	in.Title = municat.Text{"de": "Baumkataster 2026"}
	got, err = e.svc.UpdateDataset(ctx, anna, d.ID, &in)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Modified.Equal(start.Add(2*time.Hour)) || !got.Issued.Equal(start.Add(time.Hour)) || got.ID != "baumkataster" {
		t.Fatalf("updated: %+v", got)
	}
	if a := e.audit(t); a[len(a)-1].Action != "dataset.update" || !slices.Equal(a[len(a)-1].Fields, []string{"title"}) {
		t.Fatalf("audit %+v", a[len(a)-1])
	}
	if ids := e.search(t, "2026"); !slices.Equal(ids, []string{"baumkataster"}) {
		t.Fatalf("search after update: %v", ids)
	}

	// The same content again writes nothing.
	n := len(e.audit(t))
	again, err := e.svc.UpdateDataset(ctx, anna, d.ID, got)
	if err != nil || !again.Modified.Equal(*got.Modified) || len(e.audit(t)) != n {
		t.Fatalf("unchanged update wrote: %v %v %d entries", err, again.Modified, len(e.audit(t))-n)
	}
}

func TestWithdrawAndRepublish(t *testing.T) {
	e := newEnv(t, 0, nil)
	ctx := context.Background()
	in := input("Parkplätze")
	in.State = municat.Published
	d := e.mustCreate(t, anna, in)
	if d.Issued == nil || len(e.search(t, "Parkplätze")) != 1 {
		t.Fatal("not published")
	}
	e.clock.Set(start.Add(time.Minute))
	w, err := e.svc.WithdrawDataset(ctx, anna, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if w.State != municat.Withdrawn || !w.WithdrawnAt.Equal(start.Add(time.Minute)) || len(e.search(t, "Parkplätze")) != 0 {
		t.Fatalf("withdrawn: %+v, search %v", w, e.search(t, "Parkplätze"))
	}
	if a := e.audit(t); a[len(a)-1].Action != "dataset.withdraw" {
		t.Fatalf("audit %+v", a[len(a)-1])
	}
	if again, err := e.svc.WithdrawDataset(ctx, anna, d.ID); err != nil || !again.WithdrawnAt.Equal(*w.WithdrawnAt) {
		t.Fatalf("second withdrawal: %v %+v", err, again)
	}
	// Withdrawn → published again.
	re := *w
	re.State = municat.Published
	p, err := e.svc.UpdateDataset(ctx, anna, d.ID, &re)
	if err != nil {
		t.Fatal(err)
	}
	if p.State != municat.Published || p.WithdrawnAt != nil || !p.Issued.Equal(*d.Issued) || len(e.search(t, "Parkplätze")) != 1 {
		t.Fatalf("republished: %+v", p)
	}
	// Published → draft is not a move an update makes.
	back := *p
	back.State = municat.Draft
	_, err = e.svc.UpdateDataset(ctx, anna, d.ID, &back)
	if f := fields(t, err); !slices.Equal(f, []string{"state"}) {
		t.Fatalf("fields %v", f)
	}
	// A draft cannot be withdrawn.
	draft := e.mustCreate(t, anna, input("Entwurf"))
	_, err = e.svc.WithdrawDataset(ctx, anna, draft.ID)
	wantCode(t, err, municat.ECONFLICT)
}

func TestOtherOrganizationForbidden(t *testing.T) {
	e := newEnv(t, 0, nil)
	ctx := context.Background()
	pubIn := input("Haushalt")
	pubIn.State = municat.Published
	pub := e.mustCreate(t, anna, pubIn)
	draft := e.mustCreate(t, anna, input("Geheimer Entwurf"))
	before := e.keys(t)

	_, err := e.svc.CreateDataset(ctx, bernd, input("Fremd"))
	wantCode(t, err, municat.EFORBIDDEN)
	_, err = e.svc.UpdateDataset(ctx, bernd, pub.ID, input("Übernommen"))
	wantCode(t, err, municat.EFORBIDDEN)
	_, err = e.svc.WithdrawDataset(ctx, bernd, pub.ID)
	wantCode(t, err, municat.EFORBIDDEN)
	_, _, err = e.svc.Upload(ctx, bernd, pub.ID, csvUpload("", "a;b\n1;2\n"))
	wantCode(t, err, municat.EFORBIDDEN)
	// Another organisation's draft does not exist for bernd.
	_, err = e.svc.UpdateDataset(ctx, bernd, draft.ID, input("Übernommen"))
	wantCode(t, err, municat.ENOTFOUND)
	_, _, err = e.svc.Upload(ctx, bernd, draft.ID, csvUpload("", "a;b\n1;2\n"))
	wantCode(t, err, municat.ENOTFOUND)
	// Moving a dataset into an organisation one is not editor of.
	moved := *pub
	moved.Organization = "nachbarort"
	_, err = e.svc.UpdateDataset(ctx, anna, pub.ID, &moved)
	wantCode(t, err, municat.EFORBIDDEN)
	// Nobody signed in.
	_, err = e.svc.CreateDataset(ctx, nobody, input("Anonym"))
	wantCode(t, err, municat.EUNAUTHORIZED)
	_, err = e.svc.WithdrawDataset(ctx, nobody, pub.ID)
	wantCode(t, err, municat.EUNAUTHORIZED)
	_, err = e.svc.Datasets(ctx, bernd, "musterstadt")
	wantCode(t, err, municat.EFORBIDDEN)

	if after := e.keys(t); !slices.Equal(before, after) {
		t.Fatalf("store changed:\n%v\n%v", before, after)
	}
	list, err := e.svc.Datasets(ctx, anna, "musterstadt")
	if err != nil || len(list) != 2 || list[0].ID != draft.ID || list[1].ID != pub.ID {
		t.Fatalf("Datasets: %v %v", err, list)
	}
	// The instance admin may do everything.
	if _, err := e.svc.WithdrawDataset(ctx, root, pub.ID); err != nil {
		t.Fatal(err)
	}
}

func TestHarvestedDatasetConflict(t *testing.T) {
	e := newEnv(t, 0, nil)
	ctx := context.Background()
	h := &municat.Dataset{ID: "stadt-ckan.abc", Title: municat.NewText("Geerntet"), Organization: "musterstadt", SourceID: "stadt-ckan", State: municat.Published}
	if err := e.cat.PutDataset(ctx, h); err != nil {
		t.Fatal(err)
	}
	_, err := e.svc.UpdateDataset(ctx, anna, h.ID, input("Geändert"))
	wantCode(t, err, municat.ECONFLICT)
	if msg := municat.ErrorMessage(err); msg != `Der Datensatz "stadt-ckan.abc" wird aus der Quelle "stadt-ckan" geerntet und kann hier nicht bearbeitet werden. Ändern Sie ihn in der Quelle; die nächste Ernte übernimmt die Änderung.` {
		t.Fatalf("message %q", msg)
	}
	_, err = e.svc.WithdrawDataset(ctx, anna, h.ID)
	wantCode(t, err, municat.ECONFLICT)
	_, _, err = e.svc.Upload(ctx, anna, h.ID, csvUpload("", "a\n1\n"))
	wantCode(t, err, municat.ECONFLICT)
	if got := e.stored(t, h.ID); got.Title.String() != "Geerntet" || got.State != municat.Published {
		t.Fatalf("harvested dataset changed: %+v", got)
	}
}

func TestIgnoredFields(t *testing.T) {
	e := newEnv(t, 0, nil)
	ctx := context.Background()
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	in := input("Wahlergebnisse")
	in.ID, in.Issued, in.Modified, in.Harvested, in.WithdrawnAt = "fremde-id", &old, &old, &old, &old
	in.SourceID, in.RemoteID, in.ContentHash, in.DuplicateOf = "quelle", "r1", "sha256:00", "anderer"
	in.Distributions = []municat.Distribution{{
		AccessURL: "https://www.musterstadt.de/wahl.csv", FileKey: "files/anderer/x/geheim.csv", ByteSize: 99,
		Checksum: &municat.Checksum{Algorithm: "sha256", Value: "00"}, Versions: []municat.FileVersion{{ID: "v", Key: "files/anderer/x/geheim.csv"}},
	}}
	d := e.mustCreate(t, anna, in)
	got := e.stored(t, d.ID)
	dist := got.Distributions[0]
	if got.ID != "wahlergebnisse" || got.Issued != nil || !got.Modified.Equal(start) || got.Harvested != nil || got.WithdrawnAt != nil ||
		got.SourceID != "" || got.RemoteID != "" || got.ContentHash != "" || got.DuplicateOf != "" {
		t.Fatalf("ignored fields taken: %+v", got)
	}
	if dist.ID != "datei" || dist.FileKey != "" || dist.ByteSize != 0 || dist.Checksum != nil || dist.Versions != nil || dist.AccessURL != "https://www.musterstadt.de/wahl.csv" {
		t.Fatalf("distribution: %+v", dist)
	}
	// An update cannot set them either, and keeps an uploaded file's.
	_, v, err := e.svc.Upload(ctx, anna, d.ID, csvUpload("", "Partei;Stimmen\nA;1\n"))
	if err != nil {
		t.Fatal(err)
	}
	up := clone(t, e.stored(t, d.ID))
	up.SourceID, up.Issued = "quelle", &old
	fd := &up.Distributions[1]
	self := "https://daten.musterstadt.de/api/v1/datasets/wahlergebnisse/distributions/" + fd.ID + "/download"
	fd.FileKey, fd.Versions, fd.ByteSize, fd.AccessURL, fd.DownloadURL = "files/anderer/x/geheim.csv", nil, 1, self, self
	fd.Title = municat.NewText("Ergebnisse als CSV")
	u, err := e.svc.UpdateDataset(ctx, anna, d.ID, up)
	if err != nil {
		t.Fatal(err)
	}
	f := u.Distributions[1]
	if u.SourceID != "" || u.Issued != nil || f.FileKey != v.Key || len(f.Versions) != 1 || f.ByteSize != v.ByteSize ||
		f.AccessURL != "" || f.DownloadURL != "" || f.Title.String() != "Ergebnisse als CSV" || f.Format != "CSV" {
		t.Fatalf("update took ignored fields: %+v", f)
	}
}

func TestSlugIDs(t *testing.T) {
	e := newEnv(t, 0, nil)
	var ids []string
	for _, title := range []string{"Öffentliche Toiletten", "Öffentliche Toiletten", "öffentliche  toiletten!", "!!!", "???"} {
		in := input(title)
		ids = append(ids, e.mustCreate(t, anna, in).ID)
	}
	want := []string{"oeffentliche-toiletten", "oeffentliche-toiletten-2", "oeffentliche-toiletten-3", "datensatz", "datensatz-2"}
	if !slices.Equal(ids, want) {
		t.Fatalf("ids %v, want %v", ids, want)
	}
}

func TestConcurrentCreatesGetDistinctIDs(t *testing.T) {
	e := newEnv(t, 0, nil)
	const n = 8
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			d, err := e.svc.CreateDataset(context.Background(), anna, input("Gleicher Titel"))
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = d.ID
		})
	}
	wg.Wait()
	slices.Sort(ids)
	want := []string{"gleicher-titel"}
	for i := 2; i <= n; i++ {
		want = append(want, fmt.Sprintf("gleicher-titel-%d", i))
	}
	slices.Sort(want)
	if !slices.Equal(ids, want) {
		t.Fatalf("ids %v", ids)
	}
}
