package sources

import (
	"context"
	"errors"
	"fmt"

	"github.com/municat/municat"
)

// Create makes a new source (admins of in.Organization). in.Schedule may
// be plain German (see schedule.Parse); the cron specification is stored.
// Managed is ignored: a source made here is managed here. It returns a
// *municat.ValidationError naming every field at fault (JSON names of
// municat.Source), EFORBIDDEN without the role, ECONFLICT if the id is
// taken; then nothing is written. The new source is put on the schedule
// and recorded in the audit log ("source.create").
func (s *Service) Create(ctx context.Context, p *municat.Principal, in *municat.Source) (*municat.Source, error) {
	if in == nil {
		return nil, municat.Errorf(municat.EINVALID, "Es sind keine Angaben zur Quelle gekommen.")
	}
	src := clone(in)
	src.Managed = ""
	if src.Organization == "" {
		return nil, s.check(ctx, &src) // names the missing organisation
	}
	if err := require(p, src.Organization, municat.RoleAdmin); err != nil {
		return nil, err
	}
	if err := s.check(ctx, &src); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch _, err := s.cfg.Catalog.Source(ctx, src.ID); {
	case err == nil:
		return nil, municat.Errorf(municat.ECONFLICT, "Die Kennung »%s« ist schon vergeben. Bitte wählen Sie eine andere, z. B. »%s-2«.", src.ID, src.ID)
	case !errors.Is(err, municat.ErrNotFound):
		return nil, err
	}
	if err := s.store(ctx, &src, nil); err != nil {
		return nil, err
	}
	s.audit(ctx, p, "source.create", &src, fmt.Sprintf("Quelle »%s« angelegt (%s, %s, %s).", name(&src), src.Type, src.URL, describe(&src)), nil)
	out := clone(&src)
	return &out, nil
}

// Update replaces the source with id by in (admins of its organisation,
// and of in.Organization if it moves). The id cannot change; an empty
// in.Organization keeps the organisation; Paused is changed only with
// SetPaused, and a notification secret is kept while the webhook stays.
// A source of the configuration file cannot be changed: ECONFLICT. Errors
// as for Create; the change is recorded in the audit log ("source.update",
// with the JSON names of the changed fields).
func (s *Service) Update(ctx context.Context, p *municat.Principal, id string, in *municat.Source) (*municat.Source, error) {
	if in == nil {
		return nil, municat.Errorf(municat.EINVALID, "Es sind keine Angaben zur Quelle gekommen.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, err := s.load(ctx, p, id, municat.RoleAdmin)
	if err != nil {
		return nil, err
	}
	if old.Managed == municat.ManagedByConfig {
		return nil, managedError()
	}
	if in.ID != "" && in.ID != old.ID {
		return nil, &municat.ValidationError{Subject: fmt.Sprintf("Quelle %q", old.ID), Fields: []municat.FieldError{{
			Field: "id", Message: "Die Kennung einer Quelle kann nicht geändert werden; sie ist Teil der Kennungen ihrer Datensätze. Legen Sie stattdessen eine neue Quelle an.",
		}}}
	}
	src := clone(in)
	src.ID, src.Managed, src.Paused = old.ID, old.Managed, old.Paused
	if src.Organization == "" {
		src.Organization = old.Organization
	}
	if src.Organization != old.Organization {
		if err := require(p, src.Organization, municat.RoleAdmin); err != nil {
			return nil, err
		}
	}
	if src.Notify != nil && old.Notify != nil && src.Notify.Secret == "" && src.Notify.Webhook == old.Notify.Webhook {
		src.Notify.Secret = old.Notify.Secret
	}
	if err := s.check(ctx, &src); err != nil {
		return nil, err
	}
	if err := s.store(ctx, &src, old); err != nil {
		return nil, err
	}
	fields := changedFields(old, &src)
	s.audit(ctx, p, "source.update", &src, fmt.Sprintf("Quelle »%s« geändert (%s).", name(&src), describe(&src)), fields)
	out := clone(&src)
	return &out, nil
}

// Delete removes the source and takes it off the schedule (admins of its
// organisation); its datasets and runs stay, and a run going on ends as
// it would. A source of the configuration file cannot be deleted:
// ECONFLICT. Recorded in the audit log ("source.delete").
func (s *Service) Delete(ctx context.Context, p *municat.Principal, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	src, err := s.load(ctx, p, id, municat.RoleAdmin)
	if err != nil {
		return err
	}
	if src.Managed == municat.ManagedByConfig {
		return managedError()
	}
	if err := s.cfg.Catalog.DeleteSource(ctx, id); err != nil {
		return err
	}
	if s.cfg.Scheduler != nil {
		s.cfg.Scheduler.Remove(id)
	}
	s.audit(ctx, p, "source.delete", src, fmt.Sprintf("Quelle »%s« gelöscht; ihre Datensätze und Läufe bleiben.", name(src)), nil)
	return nil
}

// SetPaused pauses or resumes the scheduled runs of the source (admins of
// its organisation; also for sources of the configuration file). A paused
// source can still be run by hand. Recorded in the audit log
// ("source.pause", "source.resume") when it changes anything.
func (s *Service) SetPaused(ctx context.Context, p *municat.Principal, id string, paused bool) (*municat.Source, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	src, err := s.load(ctx, p, id, municat.RoleAdmin)
	if err != nil {
		return nil, err
	}
	if src.Paused == paused {
		return src, nil
	}
	old := clone(src)
	src.Paused = paused
	if err := s.store(ctx, src, &old); err != nil {
		return nil, err
	}
	action, summary := "source.resume", fmt.Sprintf("Quelle »%s« fortgesetzt: sie wird wieder %s geerntet.", name(src), describe(src))
	if paused {
		action, summary = "source.pause", fmt.Sprintf("Quelle »%s« pausiert: sie wird nur noch von Hand geerntet.", name(src))
	}
	s.audit(ctx, p, action, src, summary, []string{"paused"})
	return src, nil
}

// store writes src and tells the scheduler. If the scheduler refuses it,
// the stored record is put back as it was (old, or none).
func (s *Service) store(ctx context.Context, src, old *municat.Source) error {
	if err := s.cfg.Catalog.PutSource(ctx, src); err != nil {
		return err
	}
	if s.cfg.Scheduler == nil {
		return nil
	}
	err := s.cfg.Scheduler.Set(*src)
	if err == nil {
		return nil
	}
	var undo error
	if old == nil {
		undo = s.cfg.Catalog.DeleteSource(context.WithoutCancel(ctx), src.ID)
	} else {
		undo = s.cfg.Catalog.PutSource(context.WithoutCancel(ctx), old)
	}
	if undo != nil {
		s.log().Error("undoing a source change the scheduler refused failed", "source", src.ID, "err", undo)
	}
	return err
}

// managedError is the ECONFLICT of a change to a source of the
// configuration file.
func managedError() error {
	return municat.Errorf(municat.ECONFLICT, "Diese Quelle ist in der Konfigurationsdatei festgelegt und kann nur dort geändert oder gelöscht werden. Pausieren und Ernten von Hand gehen auch hier.")
}
