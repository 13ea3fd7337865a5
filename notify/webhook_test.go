package notify

import (
	"context"
	"crypto/hmac"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

// TestSign checks Sign against RFC 4231 test case 2.
func TestSign(t *testing.T) {
	got := Sign("Jefe", []byte("what do ya want for nothing?"))
	want := "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
	if got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
}

func TestWebhookPayloadAndSignature(t *testing.T) {
	hook := MustStartHook(t)
	now := t0.Add(3 * time.Minute)
	n := newNotifier(&now)
	s := Settings{Webhook: hook.URL + "/hooks/municat?token=geheim", Secret: "s3cr3t"}
	if err := n.Notify(context.Background(), s, sampleEvent()); err != nil {
		t.Fatal(err)
	}
	reqs := hook.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Method != http.MethodPost || r.Path != "/hooks/municat?token=geheim" {
		t.Errorf("request %s %s", r.Method, r.Path)
	}
	for k, want := range map[string]string{
		"Content-Type":    "application/json",
		"User-Agent":      "municat/" + municat.Version,
		"X-Municat-Event": EventFailed,
		SignatureHeader:   Sign("s3cr3t", r.Body),
	} {
		if got := r.Header.Get(k); got != want {
			t.Errorf("header %s = %q, want %q", k, got, want)
		}
	}
	if d := r.Header.Get("X-Municat-Delivery"); len(d) != 24 {
		t.Errorf("X-Municat-Delivery = %q, want 24 hex digits", d)
	}
	// A receiver's check: HMAC over the raw body, compared in constant time.
	if !hmac.Equal([]byte(r.Header.Get(SignatureHeader)), []byte(Sign("s3cr3t", r.Body))) || hmac.Equal([]byte(r.Header.Get(SignatureHeader)), []byte(Sign("falsch", r.Body))) {
		t.Error("signature does not verify with the secret, or verifies with another")
	}

	// The documented field names, read as a receiver in any language would.
	var raw map[string]any
	if err := json.Unmarshal(r.Body, &raw); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"event": "run.failed", "sent": "2026-11-25T13:53:00Z", "source": "stadt-ckan", "source_name": "Stadtportal",
		"source_url": "https://ckan.stadt.example", "run": "20261125T135000Z-3f2a9c", "status": "failed",
		"previous_status": "succeeded", "error": sampleError, "started": "2026-11-25T13:50:00Z",
		"finished": "2026-11-25T13:52:09Z", "pages": 3.0,
		"link": "https://daten.stadt.example/api/v1/sources/stadt-ckan/runs/20261125T135000Z-3f2a9c",
	}
	for k, v := range want {
		if raw[k] != v {
			t.Errorf("payload %s = %#v, want %#v", k, raw[k], v)
		}
	}
	counts, _ := raw["counts"].(map[string]any)
	for k, v := range map[string]float64{"added": 1, "updated": 2, "unchanged": 40, "withdrawn": 0, "failed": 1, "flagged": 5} {
		if counts[k] != v {
			t.Errorf("counts.%s = %v, want %v", k, counts[k], v)
		}
	}
	if len(raw) != len(want)+1 {
		t.Errorf("payload has %d fields, want %d: %s", len(raw), len(want)+1, r.Body)
	}
}

func TestWebhookUnsignedWithoutSecret(t *testing.T) {
	hook := MustStartHook(t)
	now := t0
	if err := newNotifier(&now).Notify(context.Background(), Settings{Webhook: hook.URL}, sampleEvent()); err != nil {
		t.Fatal(err)
	}
	if h := hook.Requests()[0].Header.Get(SignatureHeader); h != "" {
		t.Errorf("signature %q without a secret", h)
	}
}

func TestWebhookRetries(t *testing.T) {
	cases := []struct {
		name     string
		statuses []int
		attempts int
		wantErr  string
	}{
		{"500 then ok", []int{500, 200}, 2, ""},
		{"503 twice", []int{503}, 2, "antwortete mit HTTP 503"},
		{"404 not retried", []int{404}, 1, "antwortete mit HTTP 404"},
		{"redirect not followed", []int{302}, 1, "leitet weiter"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			hook := MustStartHook(t, c.statuses...)
			now := t0
			n := newNotifier(&now)
			err := n.Notify(context.Background(), Settings{Webhook: hook.URL + "/x/TOKEN123"}, sampleEvent())
			reqs := hook.Requests()
			if len(reqs) != c.attempts {
				t.Fatalf("%d attempts, want %d", len(reqs), c.attempts)
			}
			if c.attempts == 2 && reqs[0].Header.Get("X-Municat-Delivery") != reqs[1].Header.Get("X-Municat-Delivery") {
				t.Error("the retry has another delivery id")
			}
			if c.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.wantErr) || !errors.Is(err, municat.ErrUnavailable) {
				t.Fatalf("err = %v, want %q matching ErrUnavailable", err, c.wantErr)
			}
			if strings.Contains(err.Error(), "TOKEN123") {
				t.Errorf("error %q shows the webhook's path", err)
			}
		})
	}
}

func TestWebhookNetworkErrorRetried(t *testing.T) {
	hook := MustStartHook(t)
	url := hook.URL + "/secret-path"
	hook.Close() // nobody listens there now
	now := t0
	start := time.Now()
	err := newNotifier(&now).Notify(context.Background(), Settings{Webhook: url}, sampleEvent())
	if err == nil || !strings.Contains(err.Error(), "ist nicht erreichbar") || strings.Contains(err.Error(), "secret-path") {
		t.Fatalf("err = %v, want unreachable without the path", err)
	}
	if d := time.Since(start); d < 20*time.Millisecond {
		t.Errorf("gave up after %v, before the retry delay", d)
	}
}

// TestWebhookDefaultRetryDelay waits the real 2 seconds once.
func TestWebhookDefaultRetryDelay(t *testing.T) {
	if testing.Short() {
		t.Skip("waits 2 s")
	}
	hook := MustStartHook(t, 502, 204)
	n := &Notifier{Logger: quietLogger()}
	start := time.Now()
	if err := n.Notify(context.Background(), Settings{Webhook: hook.URL}, sampleEvent()); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 2*time.Second || len(hook.Requests()) != 2 {
		t.Errorf("retried after %v with %d requests, want ≥ 2 s and 2", d, len(hook.Requests()))
	}
}

func TestWebhookCancelledContextStopsRetry(t *testing.T) {
	hook := MustStartHook(t, 500)
	now := t0
	n := newNotifier(&now)
	n.retryDelay = time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := n.Notify(ctx, Settings{Webhook: hook.URL}, sampleEvent()); err == nil {
		t.Fatal("no error")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v despite the context", d)
	}
}

func TestWebhookHangingReceiverBounded(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	now := t0
	n := newNotifier(&now)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := n.Notify(ctx, Settings{Webhook: srv.URL}, sampleEvent())
	if err == nil || time.Since(start) > 5*time.Second {
		t.Fatalf("err = %v after %v; want an error soon", err, time.Since(start))
	}
}

func TestWebhookLargeResponseDiscarded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := []byte(strings.Repeat("x", 1<<16))
		for range 1 << 10 { // 64 MiB if read to the end
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	now := t0
	start := time.Now()
	if err := newNotifier(&now).Notify(context.Background(), Settings{Webhook: srv.URL}, sampleEvent()); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}
