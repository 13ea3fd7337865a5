package file

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/harvester"
)

// metadataAccept is the Accept header of the request for the metadata CSV.
const metadataAccept = "text/csv, text/plain;q=0.9, */*;q=0.1"

// sidecar is the state of one harvest of the sidecar form.
type sidecar struct {
	f       *Fetcher
	src     *municat.Source
	metaURL string
	base    *url.URL                // where the metadata CSV came from, for relative file addresses
	rows    map[string]int          // dataset id → the row that named it first
	unnamed []string                // numbers of the rows that name no dataset
	kept    []*harvester.Downloaded // downloads to delete after emit
}

// fetchSidecar harvests the sidecar form: the metadata CSV at ref
// (relative to src.URL) lists the files. A row that cannot be read or
// whose file fails is a record error; a row that names no dataset at all
// makes the run incomplete after its page is emitted, so that nothing is
// withdrawn because of it.
func (f *Fetcher) fetchSidecar(ctx context.Context, src *municat.Source, ref string, emit func(*harvester.Page) error) error {
	metaURL, err := resolve(src.URL, ref)
	if err != nil {
		return err
	}
	maxBytes := harvester.DefaultMaxBytes
	if f.MaxBytes > 0 && f.MaxBytes < maxBytes {
		maxBytes = f.MaxBytes
	}
	final := metaURL
	opts := harvester.GetOptions{MaxBytes: maxBytes, Accept: metadataAccept, Retries: f.Retries, Backoff: f.Backoff, FinalURL: &final}
	body, ctype, err := harvester.GetBody(ctx, f.Client, metaURL, opts)
	if err != nil {
		return err
	}
	shown := redact(metaURL)
	md, err := ParseMetadata(body)
	if err != nil {
		return municat.Errorf(municat.EUNAVAILABLE, "Die Metadaten-Datei %s ist nicht verwendbar: %s", shown, municat.ErrorMessage(err))
	}
	if ctype == "" {
		ctype = "text/csv"
	}
	page := &harvester.Page{URL: metaURL, Body: body, ContentType: ctype, Ext: "csv"}
	s := &sidecar{f: f, src: src, metaURL: metaURL, rows: map[string]int{}}
	s.base, _ = url.Parse(final)
	defer func() {
		for _, dl := range s.kept {
			dl.Remove()
		}
	}()
	for _, row := range md.Rows {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := s.record(ctx, row)
		if err != nil {
			return err
		}
		page.Records = append(page.Records, rec)
	}
	if err := emit(page); err != nil {
		return err
	}
	if len(s.unnamed) > 0 {
		return municat.Errorf(municat.EUNAVAILABLE, "Zeile %s der Metadaten-Datei %s ließ sich keinem Datensatz zuordnen (siehe die fehlerhaften Datensätze). Damit kein Datensatz irrtümlich zurückgezogen wird, gilt der Lauf als unvollständig; die übrigen Zeilen wurden übernommen", strings.Join(s.unnamed, ", "), shown)
	}
	return nil
}

// record maps one row and downloads its file. It returns an error only
// when the run cannot go on (cancelled, the catalogue or the temporary
// directory failing); a problem of the row is the record's Err.
func (s *sidecar) record(ctx context.Context, row Row) (harvester.Record, error) {
	fail := harvester.Record{Link: s.metaURL}
	if row.Err != nil {
		s.unnamed = append(s.unnamed, fmt.Sprint(row.Number))
		fail.Err = row.Err
		return fail, nil
	}
	e, err := mapMeta(row.Meta, s.base)
	if e.remoteID == "" {
		s.unnamed = append(s.unnamed, fmt.Sprint(row.Number))
		fail.Err = municat.Errorf(municat.EINVALID, "Zeile %d der Metadaten-Datei: %s", row.Number, municat.ErrorMessage(err))
		return fail, nil
	}
	id := municat.DatasetID(s.src.ID, e.remoteID)
	if first, ok := s.rows[id]; ok {
		// Without a remote id: the Runner would count a second record of
		// the same id once and silently.
		fail.Err = municat.Errorf(municat.EINVALID, "Zeile %d der Metadaten-Datei: Die Kennung %q steht schon in Zeile %d; die Zeile wurde übersprungen. Jede Zeile braucht eine eigene Kennung (id).", row.Number, e.remoteID, first)
		return fail, nil
	}
	s.rows[id] = row.Number
	if err != nil {
		fail.RemoteID = e.remoteID
		fail.Err = municat.Errorf(municat.EINVALID, "Zeile %d der Metadaten-Datei: %s", row.Number, municat.ErrorMessage(err))
		return fail, nil
	}
	rec, dl, err := s.f.record(ctx, s.src, e)
	var pe *previousError
	switch {
	case err == nil:
		if dl != nil {
			s.kept = append(s.kept, dl)
		}
		return rec, nil
	case ctx.Err() != nil:
		return rec, ctx.Err()
	case errors.As(err, &pe) || municat.ErrorCode(err) == municat.EINTERNAL:
		return rec, err
	}
	return harvester.Record{
		RemoteID: e.remoteID,
		Err:      municat.Errorf(municat.ErrorCode(err), "Zeile %d der Metadaten-Datei: %s. Die bisher veröffentlichte Fassung bleibt bestehen.", row.Number, municat.ErrorMessage(err)),
		Link:     e.fileURL,
	}, nil
}

// redact returns rawURL with its password hidden, for messages.
func redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return rawURL
	}
	return u.Redacted()
}
