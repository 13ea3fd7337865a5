package main

import (
	"context"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/notify"
)

// newNotifier returns the notifier of run notices for the configured
// sources.
func (a *app) newNotifier() *notify.Notifier {
	return &notify.Notifier{SMTP: a.cfg.Harvest.SMTP, Client: a.webhookClient(), BaseURL: a.cfg.BaseURL, Logger: a.logger}
}

// notifyRun tells whom the run's source names about a failed run, or a
// successful one after a failure (see notify.Event.Kind).
func (a *app) notifyRun(ctx context.Context, n *notify.Notifier, res *harvester.Result) {
	// The stored record: sources made in the administration are not in
	// the configuration.
	src, err := a.catalog.Source(ctx, res.Run.SourceID)
	if err != nil {
		a.logger.Warn("reading the source of a run for its notice failed", "source", res.Run.SourceID, "err", err)
		return
	}
	if src.Notify == nil {
		return
	}
	e := notify.Event{Source: *src, Run: *res.Run}
	err = a.catalog.EachRun(ctx, src.ID, func(run *municat.Run) bool { // newest first: this run, then the one before
		if run.ID != res.Run.ID && !run.DryRun && run.Status != municat.RunRunning {
			e.Previous = run.Status
			return false
		}
		return true
	})
	if err != nil {
		a.logger.Warn("reading the runs before a notice failed", "source", src.ID, "err", err)
	}
	if err := n.Notify(ctx, notify.Settings(*src.Notify), e); err != nil {
		a.logger.Error("run notice could not be delivered", "source", src.ID, "run", res.Run.ID, "err", err)
	}
}
