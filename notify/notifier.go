package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/municat/municat"
)

// The events a notice can be about; they are the "event" of the webhook
// payload.
const (
	// EventFailed is a run that failed.
	EventFailed = "run.failed"
	// EventRecovered is a run that succeeded after a failed or interrupted
	// one.
	EventRecovered = "run.recovered"
)

// FailureInterval is the least time between two failure notices for the
// same source; recovery notices are never held back.
const FailureInterval = time.Hour

// Event is what happened: a finished run of a source.
type Event struct {
	// Source is the harvested source (its ID, Name, URL and TimeZone are
	// used).
	Source municat.Source
	// Run is the finished run.
	Run municat.Run
	// Previous is the status of the source's run before Run; "" if there
	// was none.
	Previous municat.RunStatus
}

// Kind returns the event a notice about e would be, EventFailed or
// EventRecovered, or "" if e is not worth a notice under s (see the package
// doc). It does not look at the throttle.
func (e Event) Kind(s Settings) string {
	switch {
	case e.Run.DryRun:
		return ""
	case e.Run.Status == municat.RunFailed:
		return EventFailed
	case e.Run.Status == municat.RunSucceeded && s.onRecovery() &&
		(e.Previous == municat.RunFailed || e.Previous == municat.RunInterrupted):
		return EventRecovered
	}
	return ""
}

// name returns the source's display name, or its id.
func (e Event) name() string {
	if n := strings.TrimSpace(e.Source.Name); n != "" {
		return n
	}
	return e.Source.ID
}

// Notifier sends notices about harvest runs. Its fields are set before first
// use; a Notifier is then safe for concurrent use and must not be copied.
type Notifier struct {
	// SMTP is the mail server; nil sends no e-mail (a source that asks for
	// e-mail then gets an error).
	SMTP *SMTP
	// Client sends the webhook requests; if nil, a client that follows no
	// redirect is used. Each attempt is bounded by 10 seconds either way.
	Client *http.Client
	// BaseURL is the public URL of the portal, for links to the run
	// (e.g. "https://daten.example.de"); no link if empty.
	BaseURL string
	// Logger receives a line per notice sent or held back (slog.Default
	// if nil).
	Logger *slog.Logger
	// Now returns the current time (time.Now if nil).
	Now func() time.Time

	retryDelay time.Duration // before the webhook retry; webhookRetryDelay if 0

	mu         sync.Mutex
	lastFailed map[string]time.Time // source id → when its last failure notice went out
}

func (n *Notifier) now() time.Time {
	if n.Now != nil {
		return n.Now()
	}
	return time.Now()
}

func (n *Notifier) logger() *slog.Logger {
	if n.Logger != nil {
		return n.Logger
	}
	return slog.Default()
}

// Notify sends a notice about e to every channel s names, if e is worth one
// (see Event.Kind) and, for a failure, if no failure notice for the source
// went out within FailureInterval. It returns the errors of the channels
// that failed, joined, or nil; a channel that fails does not keep the others
// from being tried. It waits at most about 22 seconds for the webhook and
// the SMTP timeout (30 seconds by default) for the e-mail, less if ctx ends
// sooner.
func (n *Notifier) Notify(ctx context.Context, s Settings, e Event) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("notify: source %s run %s: panic: %v", e.Source.ID, e.Run.ID, r)
		}
	}()
	kind := e.Kind(s)
	if kind == "" || !s.Enabled() {
		return nil
	}
	log := n.logger().With("source", e.Source.ID, "run", e.Run.ID, "event", kind)
	now := n.now()
	if !n.reserve(e.Source.ID, kind, now) {
		log.Info("failure notice held back: one went out less than an hour ago")
		return nil
	}
	var errs []error
	delivered := false
	if s.Webhook != "" {
		if err := n.postWebhook(ctx, s, n.payload(kind, e, now)); err != nil {
			log.Warn("webhook notice failed", "webhook", redactURL(s.Webhook), "err", err)
			errs = append(errs, err)
		} else {
			log.Info("webhook notice sent", "webhook", redactURL(s.Webhook))
			delivered = true
		}
	}
	if len(s.Email) > 0 {
		if err := n.sendMail(ctx, s, kind, e, now); err != nil {
			log.Warn("e-mail notice failed", "recipients", len(s.Email), "err", err)
			errs = append(errs, err)
		} else {
			log.Info("e-mail notice sent", "recipients", len(s.Email))
			delivered = true
		}
	}
	if kind == EventFailed && !delivered {
		n.release(e.Source.ID)
	}
	return errors.Join(errs...)
}

// reserve reports whether a notice of kind may go out for the source now,
// and records a failure notice as sent. A recovery clears the record, so
// that the next failure is told at once.
func (n *Notifier) reserve(sourceID, kind string, now time.Time) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if kind != EventFailed {
		delete(n.lastFailed, sourceID)
		return true
	}
	if last, ok := n.lastFailed[sourceID]; ok && now.Sub(last) < FailureInterval && !now.Before(last) {
		return false
	}
	if n.lastFailed == nil {
		n.lastFailed = map[string]time.Time{}
	}
	n.lastFailed[sourceID] = now
	return true
}

// release forgets a failure notice that reached nobody, so that the next
// failure tries again.
func (n *Notifier) release(sourceID string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	delete(n.lastFailed, sourceID)
}

// runLink returns the API address of the run, or "" without a BaseURL.
func (n *Notifier) runLink(e Event) string {
	if n.BaseURL == "" || e.Source.ID == "" || e.Run.ID == "" {
		return ""
	}
	return strings.TrimRight(n.BaseURL, "/") + "/api/v1/sources/" + url.PathEscape(e.Source.ID) + "/runs/" + url.PathEscape(e.Run.ID)
}
