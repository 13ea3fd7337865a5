package file

import (
	"fmt"
	"net/mail"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
)

// Meta is the metadata of one data file as written: the source's options
// in the config form, one row of the metadata CSV in the sidecar form.
// Empty fields are not given.
type Meta struct {
	// ID is the dataset's remote id; if empty, it is derived from the
	// file's name.
	ID string
	// Title and Description name and describe the dataset.
	Title       string
	Description string
	// URL is the address of the file, absolute or relative to the metadata
	// CSV.
	URL string
	// Keywords are separated by ";" or, if there is none, by ",".
	Keywords string
	// Themes are EU theme codes or names (see dcat.ThemeCodes), separated
	// like Keywords.
	Themes string
	// License is a licence id, IRI or name (see dcat.LicenseFor).
	License string
	// Format is the file type (see dcat.FormatCode); if empty, it follows
	// from the file's name or media type.
	Format string
	// Frequency is how often the file is updated (see dcat.FrequencyCode).
	Frequency string
	// LandingPage is a web page about the dataset.
	LandingPage string
	// Publisher is the name of the publishing body.
	Publisher string
	// ContactEmail is the address to write to with questions.
	ContactEmail string
}

// entry is a Meta mapped to a dataset without its file.
type entry struct {
	remoteID string
	fileURL  string
	name     string // the file's name, for its store key
	format   string // from Meta.Format or the file's extension; "" if neither names one
	dataset  *municat.Dataset
}

// mapMeta maps m, resolving a relative file URL against base (which may be
// nil). It returns the entry with as much filled in as could be read, and
// an error listing every problem in German; remoteID is set whenever m
// names the dataset at all.
func mapMeta(m Meta, base *url.URL) (*entry, error) {
	var problems []string
	e := &entry{dataset: &municat.Dataset{}}
	d := e.dataset
	fu, problem := fileURL(m.URL, base)
	if fu == nil {
		problems = append(problems, problem)
	} else {
		e.fileURL = fu.String()
		e.name = fileName(fu.Path)
	}
	e.remoteID = strings.TrimSpace(m.ID)
	if e.remoteID == "" && fu != nil {
		e.remoteID = idFromName(e.name)
	}
	if e.remoteID == "" && fu != nil {
		problems = append(problems, "Die Kennung (id) fehlt, und aus der Adresse der Datei lässt sich keine bilden.")
	}
	d.Title = municat.NewText(oneLine(m.Title))
	if d.Title.IsEmpty() {
		problems = append(problems, "Der Titel (title) fehlt.")
	}
	d.Description = municat.NewText(strings.TrimSpace(m.Description))
	d.Keywords = split(m.Keywords)
	for _, t := range split(m.Themes) {
		codes := dcat.ThemeCodes(t)
		if len(codes) == 0 {
			problems = append(problems, fmt.Sprintf("Die Kategorie %q (theme) ist unbekannt; erlaubt sind die EU-Kategorien, als Code wie ENVI oder als Name wie „Umwelt“.", t))
		}
		for _, c := range codes {
			d.Themes = appendNew(d.Themes, c)
		}
	}
	d.License = strings.TrimSpace(m.License)
	if v := strings.TrimSpace(m.Frequency); v != "" {
		if d.Frequency = dcat.FrequencyCode(v); d.Frequency == "" {
			problems = append(problems, fmt.Sprintf("Die Aktualisierung %q (frequency) ist unbekannt, z. B. „täglich“, „monatlich“, „jährlich“ oder DAILY.", v))
		}
	}
	if v := strings.TrimSpace(m.LandingPage); v != "" {
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			problems = append(problems, fmt.Sprintf("Die Webseite %q (landing_page) ist keine gültige Web-Adresse; sie muss mit https:// beginnen.", v))
		} else {
			d.LandingPage = v
		}
	}
	if v := oneLine(m.Publisher); v != "" {
		d.Publisher = &municat.Agent{Name: municat.NewText(v)}
	}
	if v := strings.TrimSpace(m.ContactEmail); v != "" {
		if a, err := mail.ParseAddress(v); err != nil {
			problems = append(problems, fmt.Sprintf("Die E-Mail-Adresse %q (contact_email) ist ungültig.", v))
		} else {
			d.ContactPoint = &municat.Contact{Name: a.Name, Email: a.Address}
		}
	}
	e.format = formatOf(m.Format, e.name)
	if len(problems) > 0 {
		return e, municat.Errorf(municat.EINVALID, "%s", strings.Join(problems, " "))
	}
	return e, nil
}

// fileURL parses the file's address, resolving it against base; if it
// cannot, it returns nil and the problem in German.
func fileURL(raw string, base *url.URL) (*url.URL, string) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, "Die Adresse der Datei (url) fehlt."
	}
	u, err := url.Parse(raw)
	if err == nil && base != nil {
		u = base.ResolveReference(u)
	}
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Sprintf("Die Adresse der Datei %q (url) ist keine gültige Web-Adresse; sie muss mit http:// oder https:// beginnen oder relativ zur Metadaten-Datei sein.", raw)
	}
	return u, ""
}

// maxNameLength caps the file name in a store key, in bytes.
const maxNameLength = 100

// fileName returns the last segment of an address's path as a name safe
// in a store key: control characters, backslashes and invalid UTF-8 as
// "_", at most maxNameLength bytes with the extension kept; "" if the path
// names no file.
func fileName(p string) string {
	name := path.Base(p)
	if name == "/" || name == "." || name == ".." {
		return ""
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '\\' || r == utf8.RuneError {
			return '_'
		}
		return r
	}, name)
	if len(name) > maxNameLength {
		ext := path.Ext(name)
		if len(ext) > 10 {
			ext = ""
		}
		stem := name[:maxNameLength-len(ext)]
		for !utf8.ValidString(stem) {
			stem = stem[:len(stem)-1]
		}
		name = stem + ext
	}
	return name
}

// formatOf returns the file-type code a format value names, else the one
// of the file name's extension if it is in the EU table, else "".
func formatOf(format, name string) string {
	if code, _ := dcat.FormatCode(format); code != "" {
		return code
	}
	if ext := path.Ext(name); ext != "" {
		if code, known := dcat.FormatCode(ext); known {
			return code
		}
	}
	return ""
}

// maxIDLength is the longest remote id derived from a file name; it is the
// longest that municat.DatasetID keeps readable.
const maxIDLength = 80

// idFromName derives a remote id from a file name: without its
// extension, lower-case, umlauts spelt out, anything but letters, digits
// and "_" turned into "-" ("Bäume 2024.csv" → "baeume-2024").
func idFromName(name string) string {
	name = strings.TrimSuffix(name, path.Ext(name))
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		s := ""
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_':
			s = string(r)
		case r == 'ä':
			s = "ae"
		case r == 'ö':
			s = "oe"
		case r == 'ü':
			s = "ue"
		case r == 'ß':
			s = "ss"
		}
		if s == "" {
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteString(s)
	}
	id := b.String()
	if len(id) > maxIDLength {
		id = id[:maxIDLength]
	}
	return strings.Trim(id, "-_")
}

// split splits a list of values at ";" or, if there is none, at ",", and
// returns the distinct non-empty values trimmed.
func split(s string) []string {
	sep := ","
	if strings.Contains(s, ";") {
		sep = ";"
	}
	var out []string
	for _, v := range strings.Split(s, sep) {
		if v = oneLine(v); v != "" {
			out = appendNew(out, v)
		}
	}
	return out
}

// oneLine returns s trimmed, with runs of white space (line breaks
// included) turned into one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// appendNew appends v to list unless it is there already.
func appendNew(list []string, v string) []string {
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}
