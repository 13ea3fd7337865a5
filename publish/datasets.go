package publish

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

// Dataset returns the dataset with id as p may see it: a draft or scheduled
// dataset is ENOTFOUND unless p is an editor of its organisation.
func (s *Service) Dataset(ctx context.Context, p *municat.Principal, id string) (*municat.Dataset, error) {
	d, err := s.cat.Dataset(ctx, id)
	if err != nil {
		return nil, err
	}
	if d.Unreleased() && !p.Can(d.Organization, municat.RoleEditor) {
		return nil, notFound(id)
	}
	return d, nil
}

// notFound is the error for a dataset that does not exist for the caller.
func notFound(id string) error { return municat.NotFound("Datensatz %q nicht gefunden.", id) }

// Datasets returns the datasets of the organisation org in every state, in
// id order. It needs the editor role in org (EFORBIDDEN otherwise).
func (s *Service) Datasets(ctx context.Context, p *municat.Principal, org string) ([]*municat.Dataset, error) {
	if org == "" {
		return nil, municat.Errorf(municat.EINVALID, "Bitte geben Sie an, von welcher Organisation die Datensätze gezeigt werden sollen.")
	}
	if err := requireEditor(p, org); err != nil {
		return nil, err
	}
	var out []*municat.Dataset
	err := s.cat.Datasets(ctx, func(d *municat.Dataset) error {
		if d.Organization == org {
			out = append(out, d)
		}
		return nil
	})
	return out, err
}

// editable reads the dataset with id for a change by p: ENOTFOUND for an
// unreleased dataset p may not see, EFORBIDDEN for another organisation's,
// ECONFLICT for a harvested one.
func (s *Service) editable(ctx context.Context, p *municat.Principal, id string) (*municat.Dataset, error) {
	if p == nil {
		return nil, requireEditor(p, "")
	}
	d, err := s.Dataset(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if err := requireEditable(p, d); err != nil {
		return nil, err
	}
	return d, nil
}

// CreateDataset stores a new dataset from in, which has the shape of the
// dataset JSON of the API. The fields municat sets itself (id, issued,
// modified, source, content hash, file keys, versions, …) are ignored; the
// id is made from the German title. State "" means draft; "published"
// publishes at once; "scheduled" needs PublishAt in the future (truncated to
// the minute). It returns EFORBIDDEN unless p is an editor of
// in.Organization and a *municat.ValidationError listing every problem.
func (s *Service) CreateDataset(ctx context.Context, p *municat.Principal, in *municat.Dataset) (*municat.Dataset, error) {
	if p == nil {
		return nil, requireEditor(p, "")
	}
	if in == nil {
		return nil, municat.Errorf(municat.EINVALID, "Es wurde kein Datensatz übermittelt.")
	}
	d := incoming(in, nil)
	if d.Organization != "" {
		if err := requireEditor(p, d.Organization); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now().UTC()
	var extra []municat.FieldError
	if fe := setState(d, nil, now); fe != nil {
		extra = append(extra, *fe)
	}
	if fe, err := s.checkOrganization(ctx, d.Organization); err != nil {
		return nil, err
	} else if fe != nil {
		extra = append(extra, *fe)
	}
	id, err := s.newDatasetID(ctx, d)
	if err != nil {
		return nil, err
	}
	d.ID, d.Modified = id, &now
	if err := invalid(d, now, extra); err != nil {
		return nil, err
	}
	if err := s.save(ctx, nil, d); err != nil {
		return nil, err
	}
	action, summary := auditAction(nil, d)
	s.audit(ctx, p, action, d.Organization, datasetObject(d.ID), summary, changedFields(nil, d))
	return d, nil
}

// UpdateDataset replaces the content of the dataset with id by in (same
// rules as CreateDataset; distributions keep their stored files and
// versions by id; an empty organisation or state keeps the stored one). A
// harvested dataset cannot be changed (ECONFLICT). An update that changes
// nothing writes nothing.
func (s *Service) UpdateDataset(ctx context.Context, p *municat.Principal, id string, in *municat.Dataset) (*municat.Dataset, error) {
	if in == nil {
		return nil, municat.Errorf(municat.EINVALID, "Es wurde kein Datensatz übermittelt.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, err := s.editable(ctx, p, id)
	if err != nil {
		return nil, err
	}
	d := incoming(in, old)
	d.ID = old.ID
	var extra []municat.FieldError
	if d.Organization == "" {
		d.Organization = old.Organization
	} else if d.Organization != old.Organization {
		if err := requireEditor(p, d.Organization); err != nil {
			return nil, err
		}
		if fe, err := s.checkOrganization(ctx, d.Organization); err != nil {
			return nil, err
		} else if fe != nil {
			extra = append(extra, *fe)
		}
	}
	now := s.now().UTC()
	if fe := setState(d, old, now); fe != nil {
		extra = append(extra, *fe)
	}
	d.Modified = old.Modified
	fields := changedFields(old, d)
	if len(fields) == 0 {
		return old, nil
	}
	if contentChanged(fields) {
		d.Modified = &now
	}
	if err := invalid(d, now, extra); err != nil {
		return nil, err
	}
	if err := s.save(ctx, old, d); err != nil {
		return nil, err
	}
	action, summary := auditAction(old, d)
	s.audit(ctx, p, action, d.Organization, datasetObject(d.ID), summary, fields)
	return d, nil
}

// contentChanged reports whether fields name more than the publication
// state and its dates.
func contentChanged(fields []string) bool {
	for _, f := range fields {
		switch f {
		case "state", "publish_at", "issued", "withdrawn_at":
		default:
			return true
		}
	}
	return false
}

// WithdrawDataset withdraws the published dataset with id: it vanishes from
// search and the public catalogue but stays in the store and can be
// published again with UpdateDataset. A withdrawn dataset stays as it is;
// a draft or scheduled one cannot be withdrawn (ECONFLICT).
func (s *Service) WithdrawDataset(ctx context.Context, p *municat.Principal, id string) (*municat.Dataset, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, err := s.editable(ctx, p, id)
	if err != nil {
		return nil, err
	}
	switch current(old) {
	case municat.Withdrawn, municat.Archived:
		return old, nil
	case municat.Draft, municat.Scheduled:
		return nil, municat.Errorf(municat.ECONFLICT, "Der Datensatz %q ist noch nicht veröffentlicht und kann nicht zurückgezogen werden. Um eine geplante Veröffentlichung abzusagen, setzen Sie ihn auf Entwurf.", id)
	}
	now := s.now().UTC()
	d := clone(old)
	d.State, d.WithdrawnAt, d.PublishAt = municat.Withdrawn, &now, nil
	if err := s.save(ctx, old, d); err != nil {
		return nil, err
	}
	s.audit(ctx, p, "dataset.withdraw", d.Organization, datasetObject(d.ID),
		"Datensatz „"+d.Title.String()+"“ zurückgezogen.", changedFields(old, d))
	return d, nil
}

// invalid returns a *municat.ValidationError with extra and the errors
// Check finds in d at now (but for the fields extra names), or nil if
// there are none.
func invalid(d *municat.Dataset, now time.Time, extra []municat.FieldError) error {
	found, _ := Check(d, now)
	errs := extra
	for _, f := range found {
		// extra says more about its fields than Check can.
		if !slices.ContainsFunc(extra, func(x municat.FieldError) bool { return x.Field == f.Field }) {
			errs = append(errs, f)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return &municat.ValidationError{Subject: fmt.Sprintf("Datensatz %q", d.Title.String()), Fields: errs}
}

// checkOrganization returns the problem if there is no organisation org.
func (s *Service) checkOrganization(ctx context.Context, org string) (*municat.FieldError, error) {
	if org == "" {
		return nil, nil // Check reports it
	}
	_, err := s.cat.Organization(ctx, org)
	if errors.Is(err, municat.ErrNotFound) {
		return &municat.FieldError{Field: "organization", Message: fmt.Sprintf("Die Organisation %q gibt es nicht. Wählen Sie eine der Organisationen aus der Liste.", org)}, nil
	}
	return nil, err
}

// newDatasetID returns a free id for the new dataset d: the slug of its
// German title (or of any title, else "datensatz"), with -2, -3, … if taken.
func (s *Service) newDatasetID(ctx context.Context, d *municat.Dataset) (string, error) {
	base := Slug(d.Title["de"])
	if base == "" {
		base = Slug(d.Title.String())
	}
	if base == "" {
		base = "datensatz"
	}
	return uniqueSlug(base, func(id string) (bool, error) {
		_, err := s.cat.Store.Stat(ctx, catalog.DatasetKey(id))
		switch {
		case err == nil:
			return true, nil
		case errors.Is(err, municat.ErrNotFound):
			return false, nil
		}
		return false, err
	})
}
