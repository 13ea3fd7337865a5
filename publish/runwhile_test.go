package publish_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/municat/municat"
)

// TestRunWhileReleasesOnlyWhileActive runs the job in a process that does
// not lead: a due publication waits, and is released as soon as the
// process leads.
func TestRunWhileReleasesOnlyWhileActive(t *testing.T) {
	e := newEnv(t, 0, nil)
	base, began := time.Date(2026, 3, 10, 9, 0, 30, 0, time.UTC), time.Now()
	e.clock.Set(base)
	in := input("Flohmarkt")
	in.State = municat.Scheduled
	in.PublishAt = at(base.Add(time.Minute)) // 09:01
	d := e.mustCreate(t, anna, in)
	// The job's clock is past the publication's minute already.
	svc := newServiceWithClock(e, func() time.Time { return base.Add(2*time.Minute + time.Since(began)) })

	var leads atomic.Bool
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { svc.RunWhile(ctx, leads.Load); close(done) }()
	defer func() {
		cancel()
		<-done
	}()
	time.Sleep(1500 * time.Millisecond) // a round at once and one a second later
	if got := e.stored(t, d.ID).State; got != municat.Scheduled {
		t.Fatalf("released by a process that does not lead: %s", got)
	}
	leads.Store(true)
	deadline := time.Now().Add(5 * time.Second)
	for e.stored(t, d.ID).State != municat.Published {
		if time.Now().After(deadline) {
			t.Fatal("not released within 5 s of leading")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
