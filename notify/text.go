package notify

import (
	"fmt"
	"strings"
	"time"

	"github.com/municat/municat"
)

// subject returns the e-mail subject of a notice of kind about e.
func subject(kind string, e Event) string {
	if kind == EventRecovered {
		return "municat: Ernte der Quelle „" + e.name() + "“ wieder erfolgreich"
	}
	return "municat: Ernte der Quelle „" + e.name() + "“ fehlgeschlagen"
}

// mailBody returns the plain-text e-mail of a notice of kind about e: German,
// then English. link is the run's API address, or "".
func mailBody(kind string, e Event, link string) string {
	var b strings.Builder
	r := &e.Run
	name, id := e.name(), e.Source.ID
	loc := location(e.Source)
	c := r.Counts

	b.WriteString("Guten Tag,\n\n")
	if kind == EventRecovered {
		fmt.Fprintf(&b, "die Ernte der Quelle „%s“ (%s) ist wieder gelungen, nachdem der Lauf davor %s.\n\n", name, id, germanPrevious(e.Previous))
	} else {
		fmt.Fprintf(&b, "die Ernte der Quelle „%s“ (%s) ist fehlgeschlagen.\n\n", name, id)
	}
	if e.Source.URL != "" {
		fmt.Fprintf(&b, "Quelle:   %s\n", e.Source.URL)
	}
	fmt.Fprintf(&b, "Lauf:     %s\n", r.ID)
	fmt.Fprintf(&b, "Begonnen: %s\n", germanTime(r.Started, loc))
	if r.Finished != nil {
		fmt.Fprintf(&b, "Beendet:  %s\n", germanTime(*r.Finished, loc))
	}
	fmt.Fprintf(&b, "Seiten:   %d\n\n", r.Pages)
	if kind == EventFailed {
		b.WriteString("Fehlermeldung:\n")
		b.WriteString(indent(orDefault(r.Error, "(keine Meldung)")))
		b.WriteString("\n\nDatensätze bis zum Fehler:\n")
	} else {
		b.WriteString("Datensätze:\n")
	}
	fmt.Fprintf(&b, "  neu aufgenommen:        %6d\n", c.Added)
	fmt.Fprintf(&b, "  geändert:               %6d\n", c.Updated)
	fmt.Fprintf(&b, "  unverändert:            %6d\n", c.Unchanged)
	fmt.Fprintf(&b, "  zurückgezogen:          %6d\n", c.Withdrawn)
	fmt.Fprintf(&b, "  nicht verwendbar:       %6d\n", c.Failed)
	fmt.Fprintf(&b, "  mit DCAT-AP.de-Mängeln: %6d\n\n", c.Flagged)
	if kind == EventFailed {
		b.WriteString("Was ist zu tun?\n")
		if e.Source.URL != "" {
			fmt.Fprintf(&b, "- Prüfen Sie, ob %s erreichbar ist (im Browser oder mit Ihrer IT).\n", e.Source.URL)
		} else {
			b.WriteString("- Prüfen Sie, ob das Quellsystem erreichbar ist (im Browser oder mit Ihrer IT).\n")
		}
		b.WriteString("- Die Fehlermeldung oben nennt meist die Ursache; beheben Sie sie im Quellsystem\n  oder bitten Sie den Betrieb von municat, die Einstellungen der Quelle zu prüfen.\n")
		b.WriteString("- Die nächste geplante Ernte läuft von selbst. Weitere Fehlschläge dieser Quelle\n  melden wir höchstens einmal pro Stunde, das Gelingen sofort.\n")
	} else {
		b.WriteString("Sie müssen nichts weiter tun.\n")
	}
	if link != "" {
		if c.Failed > 0 || c.Flagged > 0 {
			b.WriteString("\nWelche Datensätze nicht verwendbar waren oder Mängel haben, steht in den\nEinzelheiten zum Lauf.\n")
		}
		fmt.Fprintf(&b, "\nEinzelheiten zum Lauf: %s\n", link)
	}

	b.WriteString("\n-- English --\n\n")
	if kind == EventRecovered {
		fmt.Fprintf(&b, "The harvest of the source \"%s\" (%s) works again (run %s) after %s run. ", name, id, r.ID, englishPrevious(e.Previous))
		fmt.Fprintf(&b, "Added %d, updated %d, unchanged %d, withdrawn %d, failed records %d, flagged %d. Nothing to do.\n",
			c.Added, c.Updated, c.Unchanged, c.Withdrawn, c.Failed, c.Flagged)
	} else {
		fmt.Fprintf(&b, "The harvest of the source \"%s\" (%s) failed in run %s; the error message (in German) is above. ", name, id, r.ID)
		fmt.Fprintf(&b, "Before the error: added %d, updated %d, unchanged %d, withdrawn %d, failed records %d, flagged %d. ",
			c.Added, c.Updated, c.Unchanged, c.Withdrawn, c.Failed, c.Flagged)
		if e.Source.URL != "" {
			fmt.Fprintf(&b, "Please check that %s is reachable. ", e.Source.URL)
		}
		b.WriteString("Further failures of this source are reported at most once an hour.\n")
	}
	if link != "" {
		fmt.Fprintf(&b, "Details: %s\n", link)
	}
	b.WriteString("\n-- \nmunicat, Open-Data-Portal\n")
	return b.String()
}

// germanPrevious ends the sentence "…, nachdem der Lauf davor …" for the
// previous run's status.
func germanPrevious(s municat.RunStatus) string {
	if s == municat.RunInterrupted {
		return "unterbrochen worden war"
	}
	return "fehlgeschlagen war"
}

// englishPrevious ends the sentence "… works again after … run".
func englishPrevious(s municat.RunStatus) string {
	if s == municat.RunInterrupted {
		return "an interrupted"
	}
	return "a failed"
}

// location returns the time zone of the source's schedule, or UTC if it is
// unknown.
func location(s municat.Source) *time.Location {
	if loc, err := time.LoadLocation(s.Location()); err == nil {
		return loc
	}
	return time.UTC
}

// germanTime writes t as e.g. "25.11.2026, 14:50:00 Uhr (CET)".
func germanTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("02.01.2006, 15:04:05 Uhr (MST)")
}

// indent indents every line of s by two spaces.
func indent(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	return "  " + strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n  ")
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}
