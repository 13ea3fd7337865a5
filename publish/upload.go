package publish

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

// Upload is one file sent for a distribution of a dataset.
type Upload struct {
	// Distribution is the id of the distribution the file is a new version
	// of; "" makes a new distribution.
	Distribution string
	// Name is the file name as sent, e.g. "baeume.csv".
	Name string
	// Body is the file's content.
	Body io.Reader
	// ContentType is the media type the client declared ("" if none). The
	// content and the name decide; it only helps for a name without a
	// known extension.
	ContentType string
	// Title names a new distribution (the file name if empty).
	Title municat.Text
	// PublishAt schedules the version: it becomes the distribution's
	// current file at that minute. nil or a past time: at once. A new
	// distribution cannot be scheduled (it would be empty until then).
	PublishAt *time.Time
}

// Upload stores u as a new version of a distribution of the dataset with
// datasetID and returns the dataset record and the version. The file is
// streamed through a size limit (ETOOLARGE beyond MaxUpload, and nothing
// written), its content type is sniffed and checked against its name
// (EINVALID for HTML, executables or a binary file named .csv), and its
// SHA-256 names the version. Bytes equal to the current version make no new
// version: the current one is returned and nothing is written. It needs the
// editor role in the dataset's organisation.
//
// A distribution's Versions are the released versions, oldest first (the
// last is the current file, FileKey), followed by the versions scheduled
// for later.
func (s *Service) Upload(ctx context.Context, p *municat.Principal, datasetID string, u Upload) (*municat.Dataset, *municat.FileVersion, error) {
	if _, err := s.editable(ctx, p, datasetID); err != nil {
		return nil, nil, err
	}
	if u.Body == nil {
		return nil, nil, municat.Errorf(municat.EINVALID, "Es wurde keine Datei übermittelt. Wählen Sie eine Datei aus.")
	}
	name := cleanFileName(u.Name)
	if err := refusedName(name); err != nil {
		return nil, nil, err
	}
	at := releaseTime(u.PublishAt, s.now())
	if at != nil && u.Distribution == "" {
		return nil, nil, municat.Errorf(municat.EINVALID, "Eine neue Datei kann nicht für später geplant werden, weil die Distribution bis dahin leer wäre. Laden Sie die erste Datei sofort hoch – solange der Datensatz ein Entwurf ist, sieht sie niemand – oder planen Sie eine neue Version einer bestehenden Distribution.")
	}
	sp, err := s.spool(u.Body)
	if err != nil {
		return nil, nil, err
	}
	defer sp.remove()
	mediaType, format, err := sniff(name, sp.head, u.ContentType)
	if err != nil {
		return nil, nil, err
	}
	if name == "" {
		name = "daten" + extensionOf(format)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	old, err := s.editable(ctx, p, datasetID) // again: it may have changed meanwhile
	if err != nil {
		return nil, nil, err
	}
	d := clone(old)
	now := s.now().UTC()
	v := municat.FileVersion{ID: sp.sha256[:16], SHA256: sp.sha256, ByteSize: sp.size, MediaType: mediaType, Stored: now, PublishAt: at}
	var dist *municat.Distribution
	if u.Distribution == "" {
		title := u.Title
		if title.IsEmpty() {
			title = municat.NewText(name)
		}
		d.Distributions = append(d.Distributions, municat.Distribution{
			ID:    newDistributionID(d, title.String(), format),
			Title: title,
		})
		dist = &d.Distributions[len(d.Distributions)-1]
	} else {
		dist = distribution(d, u.Distribution)
		if dist == nil {
			return nil, nil, municat.NotFound("Der Datensatz %q hat keine Distribution %q.", datasetID, u.Distribution)
		}
		if cur := currentVersion(dist); cur != nil && cur.SHA256 == v.SHA256 {
			return old, cur, nil
		}
	}
	v = distinctID(v, dist.Versions)
	v.Key = catalog.FileVersionKey(d.ID, dist.ID, v.SHA256[:16], name)
	addVersion(dist, v, format)
	if v.Released() {
		d.Modified = &v.Stored
	}
	if err := s.storeVersion(ctx, d, v, sp); err != nil {
		return nil, nil, err
	}
	if v.Released() {
		s.reindex(ctx, old, d)
		s.fileArrived(ctx, d.ID, dist.ID)
	}
	action, summary := "dataset.update", fmt.Sprintf("Datei „%s“ als Version %s der Distribution %q gespeichert.", name, v.ID, dist.ID)
	if !v.Released() {
		action = "dataset.schedule"
		summary = fmt.Sprintf("Datei „%s“ als Version %s der Distribution %q gespeichert; sie erscheint am %s.", name, v.ID, dist.ID, berlin(*v.PublishAt))
	}
	s.audit(ctx, p, action, d.Organization, datasetObject(d.ID), summary, changedFields(old, d))
	return d, &v, nil
}

// storeVersion writes the file of v (unless the store holds the same bytes
// under its key already), the queue entry of a scheduled v, and then the
// record d. If a later step fails, what the earlier ones wrote is removed.
func (s *Service) storeVersion(ctx context.Context, d *municat.Dataset, v municat.FileVersion, sp *spooled) error {
	_, err := s.cat.Store.Stat(ctx, v.Key)
	wrote := false
	switch {
	case errors.Is(err, municat.ErrNotFound):
		f, err := os.Open(sp.path)
		if err != nil {
			return fmt.Errorf("publish: reopen upload: %w", err)
		}
		err = s.cat.Store.Put(ctx, v.Key, f, sp.size, v.MediaType)
		f.Close()
		if err != nil {
			return fmt.Errorf("publish: store %s: %w", v.Key, err)
		}
		wrote = true
	case err != nil:
		return err
	}
	undo := func() {
		if wrote {
			if err := s.cat.Store.Delete(context.WithoutCancel(ctx), v.Key); err != nil {
				s.log.Error("removing an uploaded file after a failed save failed", "key", v.Key, "err", err)
			}
		}
	}
	var pub *catalog.Publication
	if v.PublishAt != nil {
		pub = &catalog.Publication{At: *v.PublishAt, Dataset: d.ID, Distribution: distributionOf(d, v.ID, v.Key), Version: v.ID}
		if err := s.cat.PutPublication(ctx, pub); err != nil {
			undo()
			return err
		}
	}
	if err := s.cat.PutDataset(ctx, d); err != nil {
		if pub != nil {
			s.dropPublication(ctx, pub)
		}
		undo()
		return err
	}
	return nil
}

// distributionOf returns the id of the distribution of d that holds the
// version with id and key.
func distributionOf(d *municat.Dataset, id, key string) string {
	for _, dist := range d.Distributions {
		for _, v := range dist.Versions {
			if v.ID == id && v.Key == key {
				return dist.ID
			}
		}
	}
	return ""
}

// releaseTime returns the minute a version sent with publishAt is
// released, or nil if at once (nil, or not after now).
func releaseTime(publishAt *time.Time, now time.Time) *time.Time {
	if publishAt == nil {
		return nil
	}
	at := publishAt.UTC().Truncate(time.Minute)
	if !at.After(now) {
		return nil
	}
	return &at
}

// extensionOf returns the file extension of an accepted format, or "".
func extensionOf(format string) string {
	for _, ext := range []string{".csv", ".json", ".geojson", ".xml", ".xlsx", ".xls", ".ods", ".zip", ".pdf", ".txt"} {
		if fileTypes[ext].format == format {
			return ext
		}
	}
	return ""
}

// formatSize writes a size limit for people: "100 MB", "1 KB".
func formatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)), ".", ",", 1)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d Byte", n)
}
