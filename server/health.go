package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/gofiber/fiber/v2"
)

// HealthResponse is the answer of GET /healthz and GET /readyz.
type HealthResponse struct {
	// Status is "ok" (healthz), or for readyz "ready", "degraded" (200:
	// searches and pages from the index still work, but the store does
	// not answer, so a load balancer keeps the replica) or "unavailable"
	// (503).
	Status string `json:"status"`
	// Version is the municat version (healthz only).
	Version string `json:"version,omitempty"`
	// Error says why the service is degraded or not ready.
	Error string `json:"error,omitempty"`
}

// DegradedError is returned by Config.Ready when the service answers in
// part: GET /readyz then answers 200 with the status "degraded" and Err's
// message.
type DegradedError struct {
	// Err says what does not work, e.g. "store: …".
	Err error
}

// Error returns the message of Err.
func (e *DegradedError) Error() string { return e.Err.Error() }

// Unwrap returns Err.
func (e *DegradedError) Unwrap() error { return e.Err }

// healthz answers GET /healthz: 200 whenever the process serves requests.
func (h *handlers) healthz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(HealthResponse{Status: "ok", Version: h.cfg.Version})
}

// readyz answers GET /readyz: 200 when Config.Ready reports no error within
// ReadyTimeout, 200 "degraded" with the reason for a DegradedError, else
// 503 with the reason.
func (h *handlers) readyz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	if h.cfg.Ready != nil {
		ctx, cancel := context.WithTimeout(c.UserContext(), ReadyTimeout)
		defer cancel()
		err := h.ready(ctx)
		if d := (*DegradedError)(nil); errors.As(err, &d) {
			h.log.Warn("degraded", "err", err)
			return c.JSON(HealthResponse{Status: "degraded", Error: err.Error()})
		}
		if err != nil {
			h.log.Warn("not ready", "err", err)
			return c.Status(http.StatusServiceUnavailable).JSON(HealthResponse{Status: "unavailable", Error: err.Error()})
		}
	}
	return c.JSON(HealthResponse{Status: "ready"})
}

// ready calls Config.Ready, giving up when ctx ends even if Ready does not.
func (h *handlers) ready(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- h.cfg.Ready(ctx) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// NewHealth returns a Fiber app serving only GET /healthz and GET /readyz,
// for processes without the web (roles harvester and indexer). cfg's
// Version, Ready and Logger are used; everything else is ignored.
func NewHealth(cfg Config) *fiber.App {
	h := &handlers{cfg: Config{Version: cfg.Version, Ready: cfg.Ready}, log: cfg.Logger}
	if h.log == nil {
		h.log = slog.Default()
	}
	app := fiber.New(fiber.Config{
		AppName:               "municat",
		ReadTimeout:           ReadTimeout,
		WriteTimeout:          WriteTimeout,
		IdleTimeout:           IdleTimeout,
		DisableStartupMessage: true,
		JSONEncoder:           marshalJSON,
	})
	app.Get("/healthz", h.healthz)
	app.Get("/readyz", h.readyz)
	return app
}
