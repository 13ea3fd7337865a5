package server_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/municat/municat/server"
)

func TestReadyzDegraded(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		status int
		want   server.HealthResponse
	}{
		{"store down, index answers", &server.DegradedError{Err: errors.New("store: connection refused")},
			http.StatusOK, server.HealthResponse{Status: "degraded", Error: "store: connection refused"}},
		{"wrapped", fmt.Errorf("check: %w", &server.DegradedError{Err: errors.New("store: timeout")}),
			http.StatusOK, server.HealthResponse{Status: "degraded", Error: "check: store: timeout"}},
		{"index down", errors.New("index: connection refused"),
			http.StatusServiceUnavailable, server.HealthResponse{Status: "unavailable", Error: "index: connection refused"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ready := func(context.Context) error { return tt.err }
			for _, e := range []struct {
				what string
				get  func(t *testing.T) server.HealthResponse
			}{
				{"full app", func(t *testing.T) server.HealthResponse {
					var got server.HealthResponse
					MustGetJSON(t, MustEnv(t, ready).app, "/readyz", tt.status, &got)
					return got
				}},
				{"health app", func(t *testing.T) server.HealthResponse {
					var got server.HealthResponse
					MustGetJSON(t, server.NewHealth(server.Config{Ready: ready}), "/readyz", tt.status, &got)
					return got
				}},
			} {
				if got := e.get(t); got != tt.want {
					t.Errorf("%s: readyz = %+v, want %+v", e.what, got, tt.want)
				}
			}
		})
	}
}

func TestNewHealthServesOnlyHealth(t *testing.T) {
	app := server.NewHealth(server.Config{Version: "1.2.3"})
	var got server.HealthResponse
	MustGetJSON(t, app, "/healthz", http.StatusOK, &got)
	if got != (server.HealthResponse{Status: "ok", Version: "1.2.3"}) {
		t.Errorf("healthz = %+v", got)
	}
	MustGetJSON(t, app, "/readyz", http.StatusOK, &got)
	if got.Status != "ready" {
		t.Errorf("readyz = %+v, want ready", got)
	}
	resp, err := app.Test(httptest.NewRequest(http.MethodGet, "/api/v1/datasets", nil))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /api/v1/datasets on the health app: %d, want 404", resp.StatusCode)
	}
}
