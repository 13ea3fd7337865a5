package server

import (
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
	"github.com/municat/municat/harvester"
)

// RunStarted is the answer of POST /api/v1/sources/{id}/run.
type RunStarted struct {
	// Run is the id of the run that was started.
	Run string `json:"run"`
	// URL is where the run's report is, GET /api/v1/sources/{id}/runs/{run}.
	URL string `json:"url"`
}

// DryRunResponse is the answer of POST /api/v1/sources/{id}/dry-run: the
// report of the run that wrote nothing and what it would have changed.
type DryRunResponse struct {
	// Run is the dry run's report with its record errors and warnings.
	Run *RunReport `json:"run"`
	// Changes lists what a run would do to each dataset; never null.
	Changes []harvester.Change `json:"changes"`
}

// sourceStatus returns the answer of a source change: the source as GET
// /api/v1/sources/{id} shows its settings (secrets masked) and next run.
func sourceStatus(src *municat.Source) *SourceStatus {
	return &SourceStatus{Source: maskSource(src), NextRun: nextRun(src, time.Now())}
}

// sourceURL returns the API URL of the source with id.
func (h *handlers) sourceURL(id string) string {
	return h.baseURL + "/api/v1/sources/" + url.PathEscape(id)
}

// createSource answers POST /api/v1/sources: the body has the shape of
// GET /api/v1/sources/{id} (schedule may be plain German, e.g. "täglich um
// 03:00"). It answers 201 with the source and its URL in Location; 403
// unless the token is an admin of the body's organisation, 409 if the id
// is taken, 422 listing every invalid field.
func (h *handlers) createSource(c *fiber.Ctx) error {
	var in municat.Source
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Organization != "" {
		if err := auth.Require(c, in.Organization, municat.RoleAdmin); err != nil {
			return err
		}
	}
	src, err := h.cfg.Sources.Create(c.UserContext(), auth.PrincipalOf(c), &in)
	if err != nil {
		return err
	}
	return created(c, h.sourceURL(src.ID), sourceStatus(src))
}

// updateSource answers PUT /api/v1/sources/{id}: the body replaces the
// source's settings. 409 for a source of the configuration file.
func (h *handlers) updateSource(c *fiber.Ctx) error {
	var in municat.Source
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	src, err := h.cfg.Sources.Update(c.UserContext(), auth.PrincipalOf(c), param(c, "id"), &in)
	if err != nil {
		return err
	}
	return sendChange(c, sourceStatus(src))
}

// deleteSource answers DELETE /api/v1/sources/{id} with 204; the source's
// datasets and runs stay.
func (h *handlers) deleteSource(c *fiber.Ctx) error {
	if err := h.cfg.Sources.Delete(c.UserContext(), auth.PrincipalOf(c), param(c, "id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// pauseSource returns the handler of POST /api/v1/sources/{id}/pause
// (paused) and /resume: 200 with the source.
func (h *handlers) pauseSource(paused bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		src, err := h.cfg.Sources.SetPaused(c.UserContext(), auth.PrincipalOf(c), param(c, "id"), paused)
		if err != nil {
			return err
		}
		return sendChange(c, sourceStatus(src))
	}
}

// runSource answers POST /api/v1/sources/{id}/run: the run starts in the
// background; 202 with its id and the URL of its report (also in
// Location), 409 while a run of the source is going on.
func (h *handlers) runSource(c *fiber.Ctx) error {
	id := param(c, "id")
	runID, err := h.cfg.Sources.RunNow(c.UserContext(), auth.PrincipalOf(c), id)
	if err != nil {
		return err
	}
	out := RunStarted{Run: runID, URL: h.sourceURL(id) + "/runs/" + url.PathEscape(runID)}
	c.Location(out.URL)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusAccepted).JSON(out)
}

// dryRunSource answers POST /api/v1/sources/{id}/dry-run: the source is
// harvested without writing anything (within sources.DryRunTimeout), and
// the answer says what a run would change.
func (h *handlers) dryRunSource(c *fiber.Ctx) error {
	res, err := h.cfg.Sources.DryRun(c.UserContext(), auth.PrincipalOf(c), param(c, "id"))
	if err != nil {
		return err
	}
	out := DryRunResponse{Changes: res.Changes}
	if out.Changes == nil {
		out.Changes = []harvester.Change{}
	}
	if res.Run != nil {
		out.Run = newRunReport(res.Run, true)
	}
	return sendChange(c, out)
}
