package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/municat/municat"
)

// RunLeaser runs the contract suite of municat.Leaser against the leasers
// newLeaser returns, each on an empty store. A leaser must also be a
// municat.Store, in which the lease called name is the object
// leases/<name>.
func RunLeaser(t *testing.T, newLeaser func(t *testing.T) municat.Leaser) {
	tests := []struct {
		name string
		fn   func(*testing.T, municat.Leaser)
	}{
		{"TakeFree", testTakeFree},
		{"TakeHeld", testTakeHeld},
		{"RetakeRenews", testRetake},
		{"Renew", testRenew},
		{"RenewAfterTakeover", testRenewAfterTakeover},
		{"Release", testRelease},
		{"Expiry", testExpiry},
		{"IndependentNames", testIndependentNames},
		{"Invalid", testLeaseInvalid},
		{"CanceledContext", testLeaseCanceled},
		{"VisibleInStore", testLeaseVisible},
		{"Race", testLeaseRace},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, newLeaser(t))
		})
	}
}

// longTTL is a lease time no test outlasts, even on a loaded machine.
const longTTL = 10 * time.Minute

// MustTakeLease takes the lease name for holder, failing tb on error.
func MustTakeLease(tb testing.TB, lr municat.Leaser, name, holder string, ttl time.Duration) *municat.Lease {
	tb.Helper()
	l, err := lr.TakeLease(context.Background(), name, holder, ttl)
	if err != nil {
		tb.Fatalf("TakeLease(%q, %q, %v): %v", name, holder, ttl, err)
	}
	return l
}

// checkLeaseConflict fails tb unless err matches municat.ErrConflict.
func checkLeaseConflict(tb testing.TB, op string, err error) {
	tb.Helper()
	if !errors.Is(err, municat.ErrConflict) {
		tb.Errorf("%s: %v, want an error matching municat.ErrConflict", op, err)
	}
}

// waitExpired sleeps until l has expired by the local clock, plus a margin.
func waitExpired(l *municat.Lease) {
	time.Sleep(time.Until(l.Expires) + 20*time.Millisecond)
}

func testTakeFree(t *testing.T, lr municat.Leaser) {
	before := time.Now()
	l := MustTakeLease(t, lr, "scheduler", "host-a", time.Minute)
	after := time.Now()
	if l.Name != "scheduler" || l.Holder != "host-a" || l.Version == "" {
		t.Errorf("TakeLease = %+v, want name scheduler, holder host-a and a version", l)
	}
	if l.Expires.Before(before.Add(time.Minute)) || l.Expires.After(after.Add(time.Minute)) {
		t.Errorf("Expires = %v, want between %v and %v", l.Expires, before.Add(time.Minute), after.Add(time.Minute))
	}
}

func testTakeHeld(t *testing.T, lr municat.Leaser) {
	MustTakeLease(t, lr, "scheduler", "host-a", longTTL)
	_, err := lr.TakeLease(context.Background(), "scheduler", "host-b", longTTL)
	checkLeaseConflict(t, "TakeLease of a held lease", err)
	if msg := municat.ErrorMessage(err); !strings.Contains(msg, "host-a") {
		t.Errorf("message %q does not name the holder host-a", msg)
	}
}

func testRetake(t *testing.T, lr municat.Leaser) {
	first := MustTakeLease(t, lr, "scheduler", "host-a", time.Minute)
	again := MustTakeLease(t, lr, "scheduler", "host-a", longTTL)
	if !again.Expires.After(first.Expires) {
		t.Errorf("re-taken lease expires %v, not after the first %v", again.Expires, first.Expires)
	}
	if err := lr.RenewLease(context.Background(), again, longTTL); err != nil {
		t.Errorf("RenewLease of the re-taken lease: %v", err)
	}
	_, err := lr.TakeLease(context.Background(), "scheduler", "host-b", longTTL)
	checkLeaseConflict(t, "TakeLease by another holder after re-taking", err)
}

func testRenew(t *testing.T, lr municat.Leaser) {
	ctx := context.Background()
	l := MustTakeLease(t, lr, "scheduler", "host-a", time.Minute)
	old := l.Expires
	if err := lr.RenewLease(ctx, l, longTTL); err != nil {
		t.Fatalf("RenewLease: %v", err)
	}
	if !l.Expires.After(old.Add(longTTL - time.Minute - time.Second)) {
		t.Errorf("renewed lease expires %v, want about %v later than %v", l.Expires, longTTL-time.Minute, old)
	}
	if err := lr.RenewLease(ctx, l, longTTL); err != nil {
		t.Errorf("second RenewLease: %v", err)
	}
	_, err := lr.TakeLease(ctx, "scheduler", "host-b", longTTL)
	checkLeaseConflict(t, "TakeLease of a renewed lease", err)
}

func testRenewAfterTakeover(t *testing.T, lr municat.Leaser) {
	ctx := context.Background()
	a := MustTakeLease(t, lr, "scheduler", "host-a", 50*time.Millisecond)
	waitExpired(a)
	b := MustTakeLease(t, lr, "scheduler", "host-b", longTTL)
	checkLeaseConflict(t, "RenewLease of a lease taken over", lr.RenewLease(ctx, a, longTTL))
	if err := lr.ReleaseLease(ctx, a); err != nil {
		t.Errorf("ReleaseLease of a lease taken over: %v", err)
	}
	_, err := lr.TakeLease(ctx, "scheduler", "host-c", longTTL)
	checkLeaseConflict(t, "TakeLease after the old holder released a lost lease", err)
	if err := lr.RenewLease(ctx, b, longTTL); err != nil {
		t.Errorf("RenewLease by the new holder: %v", err)
	}
}

func testRelease(t *testing.T, lr municat.Leaser) {
	ctx := context.Background()
	a := MustTakeLease(t, lr, "scheduler", "host-a", longTTL)
	if err := lr.ReleaseLease(ctx, a); err != nil {
		t.Fatalf("ReleaseLease: %v", err)
	}
	b := MustTakeLease(t, lr, "scheduler", "host-b", longTTL)
	if err := lr.ReleaseLease(ctx, a); err != nil {
		t.Errorf("second ReleaseLease: %v", err)
	}
	checkLeaseConflict(t, "RenewLease of a released lease", lr.RenewLease(ctx, a, longTTL))
	_, err := lr.TakeLease(ctx, "scheduler", "host-c", longTTL)
	checkLeaseConflict(t, "TakeLease after a stale release", err)
	if err := lr.ReleaseLease(ctx, b); err != nil {
		t.Errorf("ReleaseLease by the new holder: %v", err)
	}
	MustTakeLease(t, lr, "scheduler", "host-c", longTTL)
}

func testExpiry(t *testing.T, lr municat.Leaser) {
	a := MustTakeLease(t, lr, "scheduler", "host-a", 200*time.Millisecond)
	waitExpired(a)
	b := MustTakeLease(t, lr, "scheduler", "host-b", longTTL)
	if b.Holder != "host-b" {
		t.Errorf("lease taken after expiry held by %q", b.Holder)
	}
	checkLeaseConflict(t, "RenewLease of an expired lease taken over", lr.RenewLease(context.Background(), a, longTTL))
}

func testIndependentNames(t *testing.T, lr municat.Leaser) {
	MustTakeLease(t, lr, "harvest/stadt-bonn", "host-a", longTTL)
	MustTakeLease(t, lr, "harvest/stadt-koeln", "host-b", longTTL)
	MustTakeLease(t, lr, "scheduler", "host-c", longTTL)
	_, err := lr.TakeLease(context.Background(), "harvest/stadt-bonn", "host-b", longTTL)
	checkLeaseConflict(t, "TakeLease of harvest/stadt-bonn", err)
}

func testLeaseInvalid(t *testing.T, lr municat.Leaser) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, holder string
		ttl          time.Duration
	}{
		{"", "host-a", time.Minute},
		{"/scheduler", "host-a", time.Minute},
		{"scheduler/", "host-a", time.Minute},
		{"a//b", "host-a", time.Minute},
		{"../scheduler", "host-a", time.Minute},
		{"a\\b", "host-a", time.Minute},
		{"scheduler", "", time.Minute},
		{"scheduler", "host-a", 0},
		{"scheduler", "host-a", -time.Second},
	} {
		if _, err := lr.TakeLease(ctx, tc.name, tc.holder, tc.ttl); !errors.Is(err, municat.ErrInvalid) {
			t.Errorf("TakeLease(%q, %q, %v): %v, want municat.ErrInvalid", tc.name, tc.holder, tc.ttl, err)
		}
	}
	l := MustTakeLease(t, lr, "scheduler", "host-a", longTTL)
	for _, ttl := range []time.Duration{0, -time.Second} {
		if err := lr.RenewLease(ctx, l, ttl); !errors.Is(err, municat.ErrInvalid) {
			t.Errorf("RenewLease(ttl %v): %v, want municat.ErrInvalid", ttl, err)
		}
	}
	if err := lr.RenewLease(ctx, l, longTTL); err != nil {
		t.Errorf("RenewLease after invalid calls: %v", err)
	}
}

func testLeaseCanceled(t *testing.T, lr municat.Leaser) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := lr.TakeLease(ctx, "scheduler", "host-a", longTTL)
	checkCanceled(t, "TakeLease", err)
	l := MustTakeLease(t, lr, "scheduler", "host-b", longTTL)
	checkCanceled(t, "RenewLease", lr.RenewLease(ctx, l, longTTL))
	checkCanceled(t, "ReleaseLease", lr.ReleaseLease(ctx, l))
	_, err = lr.TakeLease(context.Background(), "scheduler", "host-a", longTTL)
	checkLeaseConflict(t, "TakeLease after a canceled release", err)
	if err := lr.RenewLease(context.Background(), l, longTTL); err != nil {
		t.Errorf("RenewLease after canceled calls: %v", err)
	}
}

func testLeaseVisible(t *testing.T, lr municat.Leaser) {
	s, ok := lr.(municat.Store)
	if !ok {
		t.Fatalf("%T is no municat.Store", lr)
	}
	l := MustTakeLease(t, lr, "harvest/stadt-bonn", "host-a", longTTL)
	MustTakeLease(t, lr, "scheduler", "host-b", longTTL)
	want := []string{"leases/harvest/stadt-bonn", "leases/scheduler"}
	if got := keys(MustList(t, s, "")); !slices.Equal(got, want) {
		t.Errorf("List after taking two leases = %q, want %q", got, want)
	}
	data, _ := MustGet(t, s, "leases/harvest/stadt-bonn")
	var st struct {
		Name, Holder string
		Expires      time.Time
	}
	if err := json.Unmarshal(data, &st); err != nil {
		t.Fatalf("lease object %s is no JSON: %v", data, err)
	}
	if st.Name != l.Name || st.Holder != l.Holder || !st.Expires.Equal(l.Expires) {
		t.Errorf("lease object = %s, want name %q, holder %q, expires %v", data, l.Name, l.Holder, l.Expires)
	}
}

// testLeaseRace lets goroutines race for one lease, freed before each
// round by a release or by its expiry, and counts the winners.
func testLeaseRace(t *testing.T, lr municat.Leaser) {
	const racers, rounds = 8, 20
	ctx := context.Background()
	var prev *municat.Lease
	for round := range rounds {
		if prev != nil {
			if round%2 == 0 {
				if err := lr.ReleaseLease(ctx, prev); err != nil {
					t.Fatalf("round %d: ReleaseLease: %v", round, err)
				}
			} else {
				// Let the lease lapse at once.
				if err := lr.RenewLease(ctx, prev, time.Millisecond); err != nil {
					t.Fatalf("round %d: RenewLease: %v", round, err)
				}
				waitExpired(prev)
			}
		}
		var (
			mu      sync.Mutex
			winners []*municat.Lease
			wg      sync.WaitGroup
			start   = make(chan struct{})
		)
		for i := range racers {
			wg.Go(func() {
				<-start
				l, err := lr.TakeLease(ctx, "race", fmt.Sprintf("racer-%d", i), longTTL)
				switch {
				case err == nil:
					mu.Lock()
					winners = append(winners, l)
					mu.Unlock()
				case !errors.Is(err, municat.ErrConflict):
					t.Errorf("round %d: TakeLease by racer-%d: %v", round, i, err)
				}
			})
		}
		close(start)
		wg.Wait()
		if len(winners) != 1 {
			var holders []string
			for _, w := range winners {
				holders = append(holders, w.Holder)
			}
			t.Fatalf("round %d: %d racers took the lease (%q), want exactly one", round, len(winners), holders)
		}
		prev = winners[0]
	}
}
