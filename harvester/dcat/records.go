package dcat

import (
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/municat/municat"
	dcatap "github.com/municat/municat/dcat"
	"github.com/municat/municat/harvester"
	"github.com/municat/municat/rdf"
)

// mapper turns the datasets of the pages of one run into records and
// resolves duplicates by dct:identifier across the pages. It keeps per
// dataset only its remote id, identifier and modification time.
type mapper struct {
	src *municat.Source
	log *slog.Logger

	page      int               // number of the page being mapped
	winners   map[string]winner // dct:identifier → the record published for it
	losers    map[string]bool   // remote ids replaced by or older than a duplicate
	delivered map[string]bool   // distinct datasets the pages held, for hydra:totalItems
}

// winner is the record currently published for one dct:identifier.
type winner struct {
	remoteID string
	modified time.Time // zero if the dataset has no dct:modified
	page     int       // the page it was emitted on
}

func newMapper(src *municat.Source, log *slog.Logger) *mapper {
	return &mapper{src: src, log: log, winners: map[string]winner{}, losers: map[string]bool{}, delivered: map[string]bool{}}
}

// mapPage returns the records of a page and the remote ids of records of
// earlier pages they supersede.
func (m *mapper) mapPage(p *CatalogPage) (records []harvester.Record, superseded []string) {
	m.page++
	for _, r := range dcatap.Import(p.Graph) {
		rec, ident, modified := m.record(p, r)
		key := rec.RemoteID
		if key == "" {
			key = p.URL + " " + r.IRI
		}
		m.delivered[key] = true
		if rec.Err != nil || rec.RemoteID == "" {
			records = append(records, rec)
			continue
		}
		if m.losers[rec.RemoteID] {
			continue
		}
		w, ok := m.winners[ident]
		switch {
		case !ok:
			m.winners[ident] = winner{remoteID: rec.RemoteID, modified: modified, page: m.page}
		case w.remoteID == rec.RemoteID:
			// Listed twice: the Runner counts it once.
		case modified.After(w.modified):
			m.losers[w.remoteID] = true
			if w.page < m.page {
				superseded = append(superseded, w.remoteID)
			}
			m.winners[ident] = winner{remoteID: rec.RemoteID, modified: modified, page: m.page}
			m.log.Info("duplicate dct:identifier: the newer dataset replaces the older", "identifier", ident, "published", rec.RemoteID, "replaced", w.remoteID)
		default:
			m.losers[rec.RemoteID] = true
			m.log.Info("duplicate dct:identifier: the older dataset is skipped", "identifier", ident, "published", w.remoteID, "skipped", rec.RemoteID)
			continue
		}
		records = append(records, rec)
	}
	// A record of this page may have lost to a later one of the same page.
	kept := records[:0]
	for _, rec := range records {
		if rec.Err != nil || !m.losers[rec.RemoteID] {
			kept = append(kept, rec)
		}
	}
	return kept, superseded
}

// record maps one dataset of a page and returns its dct:identifier and
// dct:modified for the duplicate check.
func (m *mapper) record(p *CatalogPage, r dcatap.Record) (harvester.Record, string, time.Time) {
	d := r.Dataset
	remoteID := r.IRI
	if isBlank(p.Graph, r.IRI) {
		remoteID = strings.TrimSpace(d.Identifier)
	}
	if remoteID == "" {
		return harvester.Record{Err: municat.Errorf(municat.EINVALID,
			"Der Datensatz %s auf %s hat weder eine IRI (rdf:about) noch eine Kennung (dct:identifier) und wurde übersprungen, weil er sich ohne sie bei der nächsten Ernte nicht wiedererkennen lässt. Bitte an der Quelle eine feste IRI oder dct:identifier vergeben",
			titleOf(&d), redact(p.URL))}, "", time.Time{}
	}
	if strings.TrimSpace(d.Identifier) == "" {
		d.Identifier = remoteID
	}
	// The Runner validates too; checking here keeps an invalid record out
	// of the duplicate resolution, where it could replace a good one.
	v := d
	v.ID, v.SourceID, v.RemoteID, v.Organization, v.State = municat.DatasetID(m.src.ID, remoteID), m.src.ID, remoteID, m.src.Organization, municat.Published
	link := redact(p.URL)
	if u, err := url.Parse(r.IRI); err == nil && (u.Scheme == "http" || u.Scheme == "https") && !isBlank(p.Graph, r.IRI) {
		link = r.IRI
	}
	if err := v.Validate(); err != nil {
		return harvester.Record{RemoteID: remoteID, Err: err, Link: link}, "", time.Time{}
	}
	var modified time.Time
	if d.Modified != nil {
		modified = *d.Modified
	}
	return harvester.Record{RemoteID: remoteID, Dataset: &d, Link: link}, d.Identifier, modified
}

// isBlank reports whether the dataset named id in g is a blank node: no
// IRI node of that name has triples.
func isBlank(g *rdf.Graph, id string) bool {
	return strings.HasPrefix(id, "_:") || len(g.About(rdf.IRI(id))) == 0
}

// titleOf quotes a dataset's title for a message, or says it has none.
func titleOf(d *municat.Dataset) string {
	if t := d.Title.String(); t != "" {
		return fmt.Sprintf("„%s“", municat.Shorten(t, 80))
	}
	return "ohne Titel"
}
