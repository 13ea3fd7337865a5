// Package fetchtest runs a harvester.Fetcher in tests and collects what it
// emitted: the tests of the fetchers of every source type (harvester/ckan,
// harvester/dcat, harvester/csw, …) share it.
package fetchtest

import (
	"context"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// SourceID is the id, and the organization, of the sources Source returns.
const SourceID = "test"

// Source returns a source of type typ at url with the options, whose id
// and organization are SourceID.
func Source(typ, url string, options map[string]string) *municat.Source {
	return &municat.Source{ID: SourceID, Type: typ, URL: url, Organization: SourceID, Options: options}
}

// Result is what one Fetch emitted.
type Result struct {
	// Pages are the pages, in order.
	Pages []*harvester.Page
	// Records are the records of every page, in order, with or without
	// Err.
	Records []harvester.Record
	// AllIDs are the remote ids of Records, in order.
	AllIDs []string
	// AllByID holds Records by remote id (the last of a remote id).
	AllByID map[string]harvester.Record
	// IDs are the remote ids of the records without Err, in order.
	IDs []string
	// ByID holds the records without Err by remote id (the last of a
	// remote id).
	ByID map[string]harvester.Record
	// Errs are the records with Err, in order.
	Errs []harvester.Record
	// Superseded are the Superseded lists of every page, in order.
	Superseded []string
}

// Titles returns the titles (municat.Text.String) of the records without
// Err by remote id.
func (r *Result) Titles() map[string]string {
	titles := make(map[string]string, len(r.ByID))
	for id, rec := range r.ByID {
		titles[id] = rec.Dataset.Title.String()
	}
	return titles
}

// Run runs f over src, collects every page it emits, and returns them with
// the error of Fetch: what was emitted before an error is in the Result.
func Run(tb testing.TB, f harvester.Fetcher, src *municat.Source) (*Result, error) {
	tb.Helper()
	out := &Result{AllByID: map[string]harvester.Record{}, ByID: map[string]harvester.Record{}}
	err := f.Fetch(context.Background(), src, func(p *harvester.Page) error {
		out.Pages = append(out.Pages, p)
		out.Records = append(out.Records, p.Records...)
		out.Superseded = append(out.Superseded, p.Superseded...)
		for _, r := range p.Records {
			out.AllIDs = append(out.AllIDs, r.RemoteID)
			out.AllByID[r.RemoteID] = r
			if r.Err != nil {
				out.Errs = append(out.Errs, r)
				continue
			}
			out.IDs = append(out.IDs, r.RemoteID)
			out.ByID[r.RemoteID] = r
		}
		return nil
	})
	return out, err
}

// MustFailWith checks that err is not nil and that its message
// (municat.ErrorMessage) contains every one of want; it logs the message.
func MustFailWith(tb testing.TB, err error, want ...string) {
	tb.Helper()
	if err == nil {
		tb.Fatalf("no error, want one saying %q", want)
	}
	msg := municat.ErrorMessage(err)
	tb.Logf("error: %s", msg)
	for _, w := range want {
		if !strings.Contains(msg, w) {
			tb.Fatalf("error %q, want one saying %q", msg, w)
		}
	}
}

// MustFailUnavailable checks what MustFailWith checks, and that err is a
// municat.ErrUnavailable (municat.ErrorCode EUNAVAILABLE).
func MustFailUnavailable(tb testing.TB, err error, want ...string) {
	tb.Helper()
	MustFailWith(tb, err, want...)
	if code := municat.ErrorCode(err); code != municat.EUNAVAILABLE {
		tb.Fatalf("error %q (%s), want %s", municat.ErrorMessage(err), code, municat.EUNAVAILABLE)
	}
}

// MustValidate checks that the dataset of rec passes validation as the
// Runner would see it, harvested from a source with the id SourceID.
func MustValidate(tb testing.TB, rec harvester.Record) {
	tb.Helper()
	d := *rec.Dataset
	d.ID = municat.DatasetID(SourceID, rec.RemoteID)
	d.State = municat.Published
	if err := d.Validate(); err != nil {
		tb.Errorf("dataset %s is invalid: %v", rec.RemoteID, err)
	}
}
