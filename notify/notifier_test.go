package notify

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

func TestEventKind(t *testing.T) {
	off := false
	on := true
	cases := []struct {
		name     string
		status   municat.RunStatus
		previous municat.RunStatus
		dry      bool
		recovery *bool
		want     string
	}{
		{"failed after success", municat.RunFailed, municat.RunSucceeded, false, nil, EventFailed},
		{"failed again", municat.RunFailed, municat.RunFailed, false, nil, EventFailed},
		{"first run failed", municat.RunFailed, "", false, nil, EventFailed},
		{"dry run failed", municat.RunFailed, municat.RunSucceeded, true, nil, ""},
		{"interrupted", municat.RunInterrupted, municat.RunSucceeded, false, nil, ""},
		{"running", municat.RunRunning, municat.RunFailed, false, nil, ""},
		{"success after success", municat.RunSucceeded, municat.RunSucceeded, false, nil, ""},
		{"first success", municat.RunSucceeded, "", false, nil, ""},
		{"success after failure", municat.RunSucceeded, municat.RunFailed, false, nil, EventRecovered},
		{"success after interruption", municat.RunSucceeded, municat.RunInterrupted, false, nil, EventRecovered},
		{"recovery explicitly on", municat.RunSucceeded, municat.RunFailed, false, &on, EventRecovered},
		{"recovery off", municat.RunSucceeded, municat.RunFailed, false, &off, ""},
		{"dry run after failure", municat.RunSucceeded, municat.RunFailed, true, nil, ""},
	}
	for _, c := range cases {
		e := sampleEvent()
		e.Run.Status, e.Previous, e.Run.DryRun = c.status, c.previous, c.dry
		if got := e.Kind(Settings{OnRecovery: c.recovery}); got != c.want {
			t.Errorf("%s: Kind = %q, want %q", c.name, got, c.want)
		}
	}
}

// eventsOf returns the "event" of each webhook request.
func eventsOf(t *testing.T, h *hookReceiver) []string {
	t.Helper()
	var out []string
	for _, r := range h.Requests() {
		var p Payload
		if err := json.Unmarshal(r.Body, &p); err != nil {
			t.Fatal(err)
		}
		out = append(out, p.Event+"@"+p.Sent.Format("15:04"))
	}
	return out
}

func TestThrottleAndRecovery(t *testing.T) {
	hook := MustStartHook(t)
	now := t0
	n := newNotifier(&now)
	s := Settings{Webhook: hook.URL}
	fail, ok := sampleEvent(), recovered(sampleEvent())
	other := sampleEvent()
	other.Source.ID = "stadt-wfs"
	steady := ok
	steady.Previous = municat.RunSucceeded
	step := func(at time.Duration, e Event) {
		t.Helper()
		now = t0.Add(at)
		if err := n.Notify(context.Background(), s, e); err != nil {
			t.Fatal(err)
		}
	}
	step(0, fail)                // 13:50 sent
	step(10*time.Minute, fail)   // held back
	step(20*time.Minute, other)  // another source: 14:10 sent
	step(59*time.Minute, fail)   // still within the hour
	step(60*time.Minute, fail)   // 14:50 sent
	step(70*time.Minute, ok)     // 15:00 recovery, always sent
	step(71*time.Minute, fail)   // 15:01 a new failure after recovery: sent at once
	step(72*time.Minute, ok)     // 15:02 recovery again
	step(73*time.Minute, steady) // success after success: nothing
	got := strings.Join(eventsOf(t, hook), " ")
	want := "run.failed@13:50 run.failed@14:10 run.failed@14:50 run.recovered@15:00 run.failed@15:01 run.recovered@15:02"
	if got != want {
		t.Errorf("notices\n got %s\nwant %s", got, want)
	}
}

func TestUndeliveredFailureNotThrottled(t *testing.T) {
	hook := MustStartHook(t, 400, 204)
	now := t0
	n := newNotifier(&now)
	s := Settings{Webhook: hook.URL}
	if err := n.Notify(context.Background(), s, sampleEvent()); err == nil {
		t.Fatal("first notice: no error from a 400")
	}
	now = now.Add(time.Minute)
	if err := n.Notify(context.Background(), s, sampleEvent()); err != nil {
		t.Fatal(err)
	}
	if len(hook.Requests()) != 2 {
		t.Errorf("%d requests, want 2: a notice nobody got must not hold back the next", len(hook.Requests()))
	}
}

func TestNothingToSend(t *testing.T) {
	hook := MustStartHook(t)
	now := t0
	n := newNotifier(&now)
	e := sampleEvent()
	e.Run.DryRun = true
	if err := n.Notify(context.Background(), Settings{Webhook: hook.URL}, e); err != nil {
		t.Fatal(err)
	}
	if err := n.Notify(context.Background(), Settings{}, sampleEvent()); err != nil {
		t.Fatal(err)
	}
	if len(hook.Requests()) != 0 {
		t.Errorf("%d requests for a dry run", len(hook.Requests()))
	}
}

// TestChannelsIndependent checks that a missing mail server does not keep
// the webhook from being called, and that the error says what is missing.
func TestChannelsIndependent(t *testing.T) {
	hook := MustStartHook(t)
	now := t0
	n := newNotifier(&now)
	err := n.Notify(context.Background(), Settings{Webhook: hook.URL, Email: []string{"opendata@stadt.example"}}, sampleEvent())
	if err == nil || !strings.Contains(err.Error(), "kein Mailserver eingerichtet") || !errors.Is(err, municat.ErrInvalid) {
		t.Fatalf("err = %v", err)
	}
	if len(hook.Requests()) != 1 {
		t.Errorf("%d webhook requests, want 1", len(hook.Requests()))
	}
	// The webhook got it, so the failure counts as told.
	now = now.Add(time.Minute)
	if err := n.Notify(context.Background(), Settings{Webhook: hook.URL, Email: []string{"opendata@stadt.example"}}, sampleEvent()); err != nil {
		t.Fatalf("throttled notice: %v", err)
	}
}
