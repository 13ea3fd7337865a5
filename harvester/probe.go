package harvester

import (
	"cmp"
	"context"
	"errors"
	"time"

	"github.com/municat/municat"
)

// ProbeTimeout is the time limit of a Probe.
const ProbeTimeout = 30 * time.Second

// probeSamples is how many titles a Probe keeps.
const probeSamples = 5

// Probe is what testing the connection to a source found on its first
// page.
type Probe struct {
	// Pages is how many pages were fetched: 1, or 0 if the source listed
	// nothing.
	Pages int
	// Records is how many records the first page held, mapped or not.
	Records int
	// Failed is how many of them could not be mapped.
	Failed int
	// Sample are the titles (German if there is one) of up to 5 mapped
	// records of the page.
	Sample []string
	// Duration is how long the probe took.
	Duration time.Duration
}

// errProbeDone stops a Fetcher after the first page of a probe.
var errProbeDone = errors.New("probe: first page fetched")

// Probe tests the connection to src: it fetches the first page with the
// source's Fetcher, within ProbeTimeout, and writes nothing at all: no run
// record, no raw page, no dataset, no file and no entry of the HTTP cache
// (the fetch runs as a dry run, see IsDryRun). It does not take the
// source's run lock, so a probe works while a run is going on.
//
// On failure it returns an *municat.Error whose Message says in German
// what went wrong, as a failed run would (Err holds the cause, for the
// log): the code of the source's error, EUNAVAILABLE if the source does
// not answer within ProbeTimeout, and EINVALID if the Runner cannot fetch
// src at all.
func (r *Runner) Probe(ctx context.Context, src *municat.Source) (*Probe, error) {
	if src == nil {
		return nil, municat.Errorf(municat.EINVALID, "Es ist keine Quelle angegeben.")
	}
	fetcher := r.Fetchers[src.Type]
	if fetcher == nil {
		return nil, municat.Errorf(municat.EINVALID, "Für den Quelltyp %q gibt es keinen Harvester.", src.Type)
	}
	started := time.Now()
	probeCtx, cancel := context.WithTimeout(withDryRun(ctx, true), ProbeTimeout)
	defer cancel()
	p := &Probe{}
	done := make(chan error, 1)
	go func() {
		done <- fetcher.Fetch(probeCtx, src, func(page *Page) error {
			p.Pages = 1
			p.Records = len(page.Records)
			for _, rec := range page.Records {
				switch {
				case rec.Err != nil || rec.Dataset == nil:
					p.Failed++
				case len(p.Sample) < probeSamples:
					p.Sample = append(p.Sample, cmp.Or(rec.Dataset.Title.Get("de"), rec.RemoteID))
				}
			}
			return errProbeDone
		})
	}()
	err, stuck := r.wait(probeCtx, done)
	duration := time.Since(started)
	switch {
	case stuck, err != nil && !errors.Is(err, errProbeDone) && errors.Is(probeCtx.Err(), context.DeadlineExceeded) && ctx.Err() == nil:
		return nil, &municat.Error{Code: municat.EUNAVAILABLE, Message: "Die Quelle antwortete nicht innerhalb von " + germanDuration(ProbeTimeout) + ".", Err: err}
	case err != nil && !errors.Is(err, errProbeDone) && ctx.Err() != nil:
		return nil, &municat.Error{Code: municat.EUNAVAILABLE, Message: "Der Test wurde abgebrochen.", Err: ctx.Err()}
	case err != nil && !errors.Is(err, errProbeDone):
		r.logger().Info("source probe failed", "source", src.ID, "url", LogURL(src.URL), "err", err)
		code := municat.ErrorCode(err)
		if code == municat.EINTERNAL {
			code = municat.EUNAVAILABLE
		}
		return nil, &municat.Error{Code: code, Message: failureMessage(err), Err: err}
	}
	p.Duration = duration
	return p, nil
}
