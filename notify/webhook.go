package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/municat/municat"
)

// Webhook limits.
const (
	webhookTimeout    = 10 * time.Second // per attempt
	webhookRetryDelay = 2 * time.Second
	maxResponseBytes  = 64 << 10
)

// SignatureHeader is the request header that carries Sign(secret, body).
const SignatureHeader = "X-Municat-Signature"

// Payload is the JSON body of a webhook request; the package doc describes
// it. Fields are only ever added.
type Payload struct {
	// Event is EventFailed or EventRecovered.
	Event string `json:"event"`
	// Sent is when the notice was made, in UTC.
	Sent time.Time `json:"sent"`
	// Source, SourceName and SourceURL are the source's id, display name
	// (the id if it has none) and base URL.
	Source     string `json:"source"`
	SourceName string `json:"source_name"`
	SourceURL  string `json:"source_url,omitempty"`
	// Run is the run's id.
	Run string `json:"run"`
	// Status is the run's status, PreviousStatus the status of the run
	// before it ("" if none).
	Status         municat.RunStatus `json:"status"`
	PreviousStatus municat.RunStatus `json:"previous_status"`
	// Error says in plain German why the run failed.
	Error string `json:"error,omitempty"`
	// Started and Finished bound the run.
	Started  time.Time  `json:"started"`
	Finished *time.Time `json:"finished,omitempty"`
	// Pages is how many pages the run fetched.
	Pages int `json:"pages"`
	// Counts counts what the run did to the source's datasets.
	Counts municat.RunCounts `json:"counts"`
	// Link is the run's address in the API, if the portal's base URL is
	// known.
	Link string `json:"link,omitempty"`
}

// Sign returns the value of the X-Municat-Signature header for a request
// body: "sha256=" and the lower-case hex HMAC-SHA256 of body keyed with
// secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// payload returns the webhook payload of a notice of kind about e.
func (n *Notifier) payload(kind string, e Event, now time.Time) Payload {
	p := Payload{
		Event:          kind,
		Sent:           now.UTC().Truncate(time.Second),
		Source:         e.Source.ID,
		SourceName:     e.name(),
		SourceURL:      e.Source.URL,
		Run:            e.Run.ID,
		Status:         e.Run.Status,
		PreviousStatus: e.Previous,
		Error:          e.Run.Error,
		Started:        e.Run.Started.UTC(),
		Pages:          e.Run.Pages,
		Counts:         e.Run.Counts,
		Link:           n.runLink(e),
	}
	if e.Run.Finished != nil {
		f := e.Run.Finished.UTC()
		p.Finished = &f
	}
	return p
}

// defaultClient follows no redirect: a redirected POST would turn into a
// GET and lose the notice.
var defaultClient = &http.Client{
	Timeout:       webhookTimeout,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// postWebhook posts p to s.Webhook, retrying once after a network error or
// a 5xx answer.
func (n *Notifier) postWebhook(ctx context.Context, s Settings, p Payload) error {
	if err := validateWebhook(s.Webhook); err != nil {
		return err
	}
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	var id [12]byte
	_, _ = rand.Read(id[:])
	delivery := hex.EncodeToString(id[:])
	delay := n.retryDelay
	if delay <= 0 {
		delay = webhookRetryDelay
	}
	retry, err := n.postOnce(ctx, s, p.Event, delivery, body)
	if err == nil || !retry || ctx.Err() != nil {
		return err
	}
	t := time.NewTimer(delay)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return err
	case <-t.C:
	}
	_, err = n.postOnce(ctx, s, p.Event, delivery, body)
	return err
}

// postOnce makes one attempt, and reports whether a failed one is worth
// retrying.
func (n *Notifier) postOnce(ctx context.Context, s Settings, event, delivery string, body []byte) (retry bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, webhookTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.Webhook, bytes.NewReader(body))
	if err != nil {
		return false, webhookError(s.Webhook, "konnte nicht aufgerufen werden", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", municat.UserAgent())
	req.Header.Set("X-Municat-Event", event)
	req.Header.Set("X-Municat-Delivery", delivery)
	if s.Secret != "" {
		req.Header.Set(SignatureHeader, Sign(s.Secret, body))
	}
	client := n.Client
	if client == nil {
		client = defaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its message holds the full URL, which may hold a token
		}
		return true, webhookError(s.Webhook, "ist nicht erreichbar", err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponseBytes))
	_ = resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return false, nil
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return false, webhookError(s.Webhook, "leitet weiter (HTTP "+resp.Status+"); tragen Sie die Zieladresse der Weiterleitung ein", nil)
	}
	return resp.StatusCode >= 500, webhookError(s.Webhook, "antwortete mit HTTP "+resp.Status, nil)
}

// webhookError returns an error matching municat.ErrUnavailable that names
// only the webhook's host.
func webhookError(webhook, what string, cause error) error {
	return &municat.Error{
		Code:    municat.EUNAVAILABLE,
		Message: "Benachrichtigung: Der Webhook " + redactURL(webhook) + " " + what,
		Err:     cause,
	}
}
