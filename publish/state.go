package publish

import (
	"time"

	"github.com/municat/municat"
)

// stateLabels names the publication states in messages.
var stateLabels = map[municat.PublicationState]string{
	municat.Draft:     "Entwurf",
	municat.Scheduled: "geplant",
	municat.Published: "veröffentlicht",
	municat.Withdrawn: "zurückgezogen",
	municat.Archived:  "archiviert",
}

// current returns the state of a stored dataset, Published for the ""
// of old records.
func current(d *municat.Dataset) municat.PublicationState {
	if d.State == "" {
		return municat.Published
	}
	return d.State
}

// setState moves d from the state of old (nil for a new dataset) to the
// state d asks for, at now, and returns the problem if that move is not
// allowed. A state of "" keeps the old one (draft for a new dataset).
//
// Allowed: draft → draft | published | scheduled; scheduled → draft |
// published | scheduled (also at a new time); published → published;
// withdrawn (or archived) → withdrawn | published | draft. Withdrawing is
// WithdrawDataset's.
func setState(d, old *municat.Dataset, now time.Time) *municat.FieldError {
	from := municat.PublicationState("")
	if old != nil {
		from = current(old)
	}
	if d.State == "" {
		d.State = from
		if d.State == "" {
			d.State = municat.Draft
		}
		if d.State == municat.Scheduled && d.PublishAt == nil {
			d.PublishAt = old.PublishAt
		}
	}
	to := d.State
	if _, known := stateLabels[to]; !known {
		return &municat.FieldError{Field: "state", Message: "Der Status „" + string(to) + "“ ist unbekannt. Möglich sind draft (Entwurf), scheduled (geplant) und published (veröffentlicht)."}
	}
	if !allowed(from, to) {
		return &municat.FieldError{Field: "state", Message: moveMessage(from, to)}
	}
	if to == municat.Scheduled {
		if d.PublishAt != nil {
			at := d.PublishAt.UTC().Truncate(time.Minute)
			d.PublishAt = &at
		}
	} else {
		d.PublishAt = nil
	}
	if old != nil {
		d.Issued, d.WithdrawnAt = old.Issued, old.WithdrawnAt
	}
	switch to {
	case municat.Published:
		if d.Issued == nil {
			d.Issued = &now
		}
		d.WithdrawnAt = nil
	case municat.Draft, municat.Scheduled:
		d.WithdrawnAt = nil
	}
	return nil
}

// allowed reports whether a dataset may move from one state to another by
// an update ("" is a new dataset).
func allowed(from, to municat.PublicationState) bool {
	switch from {
	case "", municat.Draft, municat.Scheduled:
		return to == municat.Draft || to == municat.Published || to == municat.Scheduled
	case municat.Published:
		return to == municat.Published
	case municat.Withdrawn, municat.Archived:
		return to == municat.Withdrawn || to == municat.Published || to == municat.Draft
	}
	return false
}

// moveMessage says why a dataset cannot move from one state to another.
func moveMessage(from, to municat.PublicationState) string {
	switch {
	case from == "":
		return "Ein neuer Datensatz kann nicht „" + stateLabels[to] + "“ sein. Legen Sie ihn als Entwurf (draft) an, veröffentlichen Sie ihn (published) oder planen Sie die Veröffentlichung (scheduled)."
	case from == municat.Published && to == municat.Withdrawn:
		return "Zum Zurückziehen eines veröffentlichten Datensatzes gibt es eine eigene Aktion „Zurückziehen“; speichern Sie ihn hier mit dem Status published."
	case from == municat.Published:
		return "Ein veröffentlichter Datensatz kann nicht wieder „" + stateLabels[to] + "“ werden. Sie können ihn bearbeiten (Status published) oder zurückziehen."
	}
	return "Ein Datensatz mit dem Status „" + stateLabels[from] + "“ kann nicht „" + stateLabels[to] + "“ werden. Möglich sind published (veröffentlichen) und draft (Entwurf)."
}

// auditAction names the change from old (nil for none) to d in the audit
// log, with a German summary.
func auditAction(old, d *municat.Dataset) (action, summary string) {
	title := "„" + d.Title.String() + "“"
	from := municat.PublicationState("")
	if old != nil {
		from = current(old)
	}
	switch {
	case old == nil:
		return "dataset.create", "Datensatz " + title + " angelegt (" + stateLabels[d.State] + scheduledAt(d) + ")."
	case d.State == municat.Published && from != municat.Published:
		return "dataset.publish", "Datensatz " + title + " veröffentlicht."
	case d.State == municat.Scheduled && (from != municat.Scheduled || !sameTime(old.PublishAt, d.PublishAt)):
		return "dataset.schedule", "Veröffentlichung des Datensatzes " + title + " geplant" + scheduledAt(d) + "."
	}
	return "dataset.update", "Datensatz " + title + " geändert."
}

// scheduledAt returns " für <time>" for a scheduled dataset, else "".
func scheduledAt(d *municat.Dataset) string {
	if d.State != municat.Scheduled || d.PublishAt == nil {
		return ""
	}
	return " für " + berlin(*d.PublishAt)
}

// sameTime reports whether a and b are both nil or the same instant.
func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}
