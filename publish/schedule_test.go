package publish_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

func clone(t *testing.T, d *municat.Dataset) *municat.Dataset {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	out := &municat.Dataset{}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatal(err)
	}
	return out
}

func at(t time.Time) *time.Time { return &t }

func TestScheduledPublication(t *testing.T) {
	e := newEnv(t, 0, nil)
	ctx := context.Background()
	in := input("Haltestellen")
	in.State = municat.Scheduled
	in.PublishAt = at(start.Add(time.Minute)) // 09:01:30 → 09:01
	d := e.mustCreate(t, anna, in)
	due := time.Date(2026, 3, 10, 9, 1, 0, 0, time.UTC)
	if d.State != municat.Scheduled || !d.PublishAt.Equal(due) || d.Issued != nil {
		t.Fatalf("scheduled: %+v", d)
	}
	if q := e.queue(t); !slices.Equal(q, []string{"publish/20260310T0901Z/haltestellen.json"}) {
		t.Fatalf("queue %v", q)
	}
	if a := e.audit(t); a[0].Action != "dataset.create" {
		t.Fatalf("audit %+v", a[0])
	}

	e.clock.Set(due.Add(-time.Second))
	n, err := e.svc.PublishDue(ctx)
	if err != nil || n != 0 {
		t.Fatalf("before the minute: %d %v", n, err)
	}
	if got := e.stored(t, d.ID); got.State != municat.Scheduled || len(e.search(t, "Haltestellen")) != 0 || len(e.queue(t)) != 1 {
		t.Fatalf("released early: %+v", got)
	}
	if _, err := e.svc.Dataset(ctx, nobody, d.ID); municat.ErrorCode(err) != municat.ENOTFOUND {
		t.Fatalf("scheduled dataset visible: %v", err)
	}

	e.clock.Set(due.Add(200 * time.Millisecond))
	n, err = e.svc.PublishDue(ctx)
	if err != nil || n != 1 {
		t.Fatalf("at the minute: %d %v", n, err)
	}
	got := e.stored(t, d.ID)
	if got.State != municat.Published || got.PublishAt != nil || got.Issued == nil || !got.Issued.Equal(due.Add(200*time.Millisecond)) {
		t.Fatalf("released: state %q publish_at %v issued %v", got.State, got.PublishAt, got.Issued)
	}
	if ids := e.search(t, "Haltestellen"); !slices.Equal(ids, []string{"haltestellen"}) || len(e.queue(t)) != 0 {
		t.Fatalf("search %v queue %v", ids, e.queue(t))
	}
	a := e.audit(t)
	if last := a[len(a)-1]; last.Action != "dataset.publish" || last.Actor != "system" || last.Object != "dataset/haltestellen" {
		t.Fatalf("audit %+v", last)
	}
	if n, err := e.svc.PublishDue(ctx); n != 0 || err != nil {
		t.Fatalf("second run: %d %v", n, err)
	}
}

func TestRescheduleAndUnschedule(t *testing.T) {
	e := newEnv(t, 0, nil)
	ctx := context.Background()
	in := input("Baustellen")
	in.State = municat.Scheduled
	in.PublishAt = at(time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC))
	d := e.mustCreate(t, anna, in)

	e.clock.Set(start.Add(time.Second)) // audit entries sort by time
	up := clone(t, d)
	up.PublishAt = at(time.Date(2026, 3, 11, 8, 30, 59, 0, time.FixedZone("CET", 3600)))
	d2, err := e.svc.UpdateDataset(ctx, anna, d.ID, up)
	if err != nil {
		t.Fatal(err)
	}
	if !d2.PublishAt.Equal(time.Date(2026, 3, 11, 7, 30, 0, 0, time.UTC)) {
		t.Fatalf("publish_at %v", d2.PublishAt)
	}
	if q := e.queue(t); !slices.Equal(q, []string{"publish/20260311T0730Z/baustellen.json"}) {
		t.Fatalf("queue after rescheduling %v", q)
	}
	if a := e.audit(t); a[len(a)-1].Action != "dataset.schedule" || !slices.Equal(a[len(a)-1].Fields, []string{"publish_at"}) {
		t.Fatalf("audit %+v", a[len(a)-1])
	}
	// The old minute passes: nothing happens.
	e.clock.Set(time.Date(2026, 3, 10, 12, 0, 1, 0, time.UTC))
	if n, err := e.svc.PublishDue(ctx); n != 0 || err != nil || e.stored(t, d.ID).State != municat.Scheduled {
		t.Fatalf("released at the old time: %d %v", n, err)
	}
	// Back to draft: the queue is empty.
	up = clone(t, d2)
	up.State = municat.Draft
	if _, err := e.svc.UpdateDataset(ctx, anna, d.ID, up); err != nil {
		t.Fatal(err)
	}
	if q := e.queue(t); len(q) != 0 || e.stored(t, d.ID).PublishAt != nil {
		t.Fatalf("queue after unscheduling %v", q)
	}
	// Scheduled, then published by hand: the queue is empty again.
	up.State, up.PublishAt = municat.Scheduled, at(time.Date(2026, 3, 12, 6, 0, 0, 0, time.UTC))
	if _, err := e.svc.UpdateDataset(ctx, anna, d.ID, up); err != nil || len(e.queue(t)) != 1 {
		t.Fatalf("schedule again: %v %v", err, e.queue(t))
	}
	up.State = municat.Published
	if p, err := e.svc.UpdateDataset(ctx, anna, d.ID, up); err != nil || p.PublishAt != nil || len(e.queue(t)) != 0 {
		t.Fatalf("publish by hand: %v %v", err, e.queue(t))
	}
}

func TestStaleQueueEntryIsDropped(t *testing.T) {
	e := newEnv(t, 0, nil)
	ctx := context.Background()
	d := e.mustCreate(t, anna, input("Spielplätze"))
	for _, p := range []*catalog.Publication{
		{At: start, Dataset: d.ID},
		{At: start, Dataset: "gibt-es-nicht"},
		{At: start, Dataset: d.ID, Distribution: "datei", Version: "0123456789abcdef"},
	} {
		if err := e.cat.PutPublication(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	n, err := e.svc.PublishDue(ctx)
	if err != nil || n != 0 || len(e.queue(t)) != 0 || e.stored(t, d.ID).State != municat.Draft {
		t.Fatalf("stale entries: %d %v %v", n, err, e.queue(t))
	}
}

func TestScheduleValidation(t *testing.T) {
	e := newEnv(t, 0, nil)
	in := input("Zu spät")
	in.State = municat.Scheduled
	in.PublishAt = at(start.Add(-time.Hour))
	_, err := e.svc.CreateDataset(context.Background(), anna, in)
	if f := fields(t, err); !slices.Equal(f, []string{"publish_at"}) {
		t.Fatalf("fields %v", f)
	}
	in.PublishAt = nil
	_, err = e.svc.CreateDataset(context.Background(), anna, in)
	if f := fields(t, err); !slices.Equal(f, []string{"publish_at"}) {
		t.Fatalf("fields %v", f)
	}
	// Within the current minute: truncated, it is not in the future.
	in.PublishAt = at(start.Add(20 * time.Second))
	_, err = e.svc.CreateDataset(context.Background(), anna, in)
	if f := fields(t, err); !slices.Equal(f, []string{"publish_at"}) {
		t.Fatalf("fields %v", f)
	}
	if k := e.keys(t); len(k) != 2 {
		t.Fatalf("written: %v", k)
	}
}

func TestRunReleasesAtTheMinute(t *testing.T) {
	e := newEnv(t, 0, nil)
	// A clock that runs from 09:00:59.5.
	base, began := time.Date(2026, 3, 10, 9, 0, 59, 500e6, time.UTC), time.Now()
	e.clock.Set(base)
	in := input("Wochenmarkt")
	in.State = municat.Scheduled
	in.PublishAt = at(base.Add(time.Second))
	d := e.mustCreate(t, anna, in)
	svc := newServiceWithClock(e, func() time.Time { return base.Add(time.Since(began)) })

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { svc.Run(ctx); close(done) }()
	deadline := time.Now().Add(3 * time.Second)
	for e.stored(t, d.ID).State != municat.Published {
		if time.Now().After(deadline) {
			t.Fatal("not released within 3 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if elapsed := time.Since(began); elapsed < 500*time.Millisecond {
		t.Fatalf("released after %v, before its minute", elapsed)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("Run did not stop")
	}
}
