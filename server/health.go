package server

import (
	"context"
	"net/http"

	"github.com/gofiber/fiber/v2"
)

// HealthResponse is the answer of GET /healthz and GET /readyz.
type HealthResponse struct {
	// Status is "ok" (healthz), "ready" or "unavailable" (readyz).
	Status string `json:"status"`
	// Version is the municat version (healthz only).
	Version string `json:"version,omitempty"`
	// Error says why the service is not ready.
	Error string `json:"error,omitempty"`
}

// healthz answers GET /healthz: 200 whenever the process serves requests.
func (h *handlers) healthz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(HealthResponse{Status: "ok", Version: h.cfg.Version})
}

// readyz answers GET /readyz: 200 when Config.Ready reports no error within
// ReadyTimeout, else 503 with the reason.
func (h *handlers) readyz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	if h.cfg.Ready != nil {
		ctx, cancel := context.WithTimeout(c.UserContext(), ReadyTimeout)
		defer cancel()
		if err := h.ready(ctx); err != nil {
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
