package file

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/municat/municat"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// MaxRows caps the dataset rows of one metadata CSV; a longer one is
// refused rather than harvested in part.
const MaxRows = 10000

// Metadata is a metadata CSV as read by ParseMetadata.
type Metadata struct {
	// Encoding names the character encoding the file was read in:
	// "UTF-8", "UTF-16" or "Windows-1252".
	Encoding string
	// Separator is the column separator found in the header: ';', ',' or
	// a tab.
	Separator rune
	// Rows are the dataset rows in file order, without blank ones.
	Rows []Row
}

// Row is one dataset row of a metadata CSV.
type Row struct {
	// Number is the row's number as a spreadsheet shows it: the header is
	// row 1, the first dataset row 2.
	Number int
	// Meta holds the row's cells by column.
	Meta Meta
	// Err says, in German, why the row could not be read; Meta is then
	// empty.
	Err error
}

// columnNames lists, per field of Meta, the column names that fill it,
// as columnKey normalises them.
var columnNames = []struct {
	field func(*Meta) *string
	names []string
}{
	{func(m *Meta) *string { return &m.ID }, []string{"id", "kennung", "identifier"}},
	{func(m *Meta) *string { return &m.Title }, []string{"title", "titel"}},
	{func(m *Meta) *string { return &m.Description }, []string{"description", "beschreibung"}},
	{func(m *Meta) *string { return &m.URL }, []string{"url", "datei", "datei_url", "file", "download_url"}},
	{func(m *Meta) *string { return &m.Keywords }, []string{"keywords", "schlagworte", "schlagwoerter", "tags"}},
	{func(m *Meta) *string { return &m.Themes }, []string{"theme", "themes", "kategorie", "kategorien"}},
	{func(m *Meta) *string { return &m.License }, []string{"license", "licence", "lizenz"}},
	{func(m *Meta) *string { return &m.Format }, []string{"format", "dateiformat"}},
	{func(m *Meta) *string { return &m.Frequency }, []string{"frequency", "aktualisierung", "aktualisierungsintervall"}},
	{func(m *Meta) *string { return &m.LandingPage }, []string{"landing_page", "webseite"}},
	{func(m *Meta) *string { return &m.Publisher }, []string{"publisher", "herausgeber"}},
	{func(m *Meta) *string { return &m.ContactEmail }, []string{"contact_email", "kontakt_email", "email"}},
}

// columns maps every name of columnNames to its field.
var columns = func() map[string]func(*Meta) *string {
	m := map[string]func(*Meta) *string{}
	for _, c := range columnNames {
		for _, n := range c.names {
			m[n] = c.field
		}
	}
	return m
}()

// columnKey normalises a header cell: lower-case, trimmed, umlauts spelt
// out, "-", "." and spaces as "_" ("Kontakt-E-Mail" → "kontakt_e_mail" is
// then matched as "kontakt_email" below).
func columnKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "-", "_", " ", "_", ".", "_").Replace(s)
	return strings.ReplaceAll(s, "e_mail", "email")
}

// ParseMetadata reads a metadata CSV: UTF-8 with or without byte-order
// mark, UTF-16 with one, or else Windows-1252; separated by ';', ',' or
// tabs, whichever the header row has most of (an Excel "sep=" line first
// is honoured); with a header row naming the columns (see the package
// doc). Columns it does not know are ignored; blank rows are skipped. It
// returns an error matching municat.ErrUnavailable, in German, when the
// file cannot be used at all: empty, no title or url column, a column
// twice, more than MaxRows rows. A row that cannot be read (broken quoting,
// a different number of cells than the header) is returned with Err set,
// and the rows after it are read on.
func ParseMetadata(body []byte) (*Metadata, error) {
	text, enc := decodeText(body)
	md := &Metadata{Encoding: enc}
	if first, rest, ok := strings.Cut(text, "\n"); ok && strings.HasPrefix(strings.ToLower(first), "sep=") {
		if spec := strings.TrimRight(first[4:], "\r"); utf8.RuneCountInString(spec) == 1 {
			md.Separator, _ = utf8.DecodeRuneInString(spec)
			text = rest
		}
	}
	if md.Separator == 0 {
		md.Separator = separator(text)
	}
	if !validSeparator(md.Separator) {
		return nil, municat.Errorf(municat.EUNAVAILABLE, "Das Trennzeichen %q der Metadaten-Datei (sep=) ist nicht erlaubt; bitte ';' oder ',' verwenden", md.Separator)
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = md.Separator
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, municat.Errorf(municat.EUNAVAILABLE, "Die Metadaten-Datei ist leer; erwartet wird eine Kopfzeile mit den Spalten title und url und darunter eine Zeile je Datensatz")
	}
	if err != nil {
		return nil, municat.Errorf(municat.EUNAVAILABLE, "Die Kopfzeile der Metadaten-Datei ist kein gültiges CSV: %s", csvProblem(err))
	}
	fields, err := headerFields(header)
	if err != nil {
		return nil, err
	}
	n, prevEnd := 1, recordEnd(r, header)
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return md, nil
		}
		// Count the rows as a spreadsheet does: encoding/csv skips empty
		// lines, a spreadsheet shows them as rows.
		start, end := lines(r, rec, err, prevEnd)
		n += 1 + max(0, start-prevEnd-1)
		prevEnd = end
		if err == nil && blank(rec) {
			continue
		}
		if len(md.Rows) >= MaxRows {
			return nil, municat.Errorf(municat.EUNAVAILABLE, "Die Metadaten-Datei hat mehr als %d Zeilen; so viele Dateien erntet eine Quelle nicht. Bitte die Datei auf mehrere Quellen aufteilen", MaxRows)
		}
		row := Row{Number: n}
		switch {
		case err != nil:
			row.Err = municat.Errorf(municat.EINVALID, "Zeile %d der Metadaten-Datei ist kein gültiges CSV: %s.", n, csvProblem(err))
		case len(rec) < len(header) || len(rec) > len(header) && !blank(rec[len(header):]):
			row.Err = municat.Errorf(municat.EINVALID, "Zeile %d der Metadaten-Datei hat %d Spalten, die Kopfzeile aber %d; fehlt ein Trennzeichen, oder ist eines zu viel (ein Text mit %q gehört in Anführungszeichen)?", n, len(rec), len(header), md.Separator)
		default:
			for i, f := range fields {
				if f != nil {
					*f(&row.Meta) = strings.TrimSpace(rec[i])
				}
			}
		}
		md.Rows = append(md.Rows, row)
	}
}

// lines returns the first and last line in the file of the record r just
// read (rec, or the error err).
func lines(r *csv.Reader, rec []string, err error, prevEnd int) (start, end int) {
	var pe *csv.ParseError
	switch {
	case errors.As(err, &pe):
		return pe.StartLine, pe.Line
	case err != nil || len(rec) == 0:
		return prevEnd + 1, prevEnd + 1
	}
	start, _ = r.FieldPos(0)
	return start, recordEnd(r, rec)
}

// recordEnd returns the last line of the record r just read: where its
// last cell starts, plus the line breaks inside that cell.
func recordEnd(r *csv.Reader, rec []string) int {
	if len(rec) == 0 {
		return 0
	}
	line, _ := r.FieldPos(len(rec) - 1)
	return line + strings.Count(rec[len(rec)-1], "\n")
}

// validSeparator reports whether encoding/csv accepts r as separator.
func validSeparator(r rune) bool {
	return r != 0 && r != '"' && r != '\r' && r != '\n' && r != utf8.RuneError && r != '\uFEFF' && utf8.ValidRune(r)
}

// headerFields returns, per header cell, the field of Meta its column
// fills (nil for a column it does not know).
func headerFields(header []string) ([]func(*Meta) *string, error) {
	fields := make([]func(*Meta) *string, len(header))
	seen := map[*string]string{}
	var probe Meta
	for i, h := range header {
		f := columns[columnKey(h)]
		if f == nil {
			continue
		}
		if other, ok := seen[f(&probe)]; ok {
			return nil, municat.Errorf(municat.EUNAVAILABLE, "Die Metadaten-Datei hat zwei Spalten für dasselbe Feld: %q und %q; bitte eine davon löschen oder umbenennen", other, strings.TrimSpace(h))
		}
		seen[f(&probe)] = strings.TrimSpace(h)
		fields[i] = f
	}
	var missing []string
	if _, ok := seen[&probe.Title]; !ok {
		missing = append(missing, "title (oder titel)")
	}
	if _, ok := seen[&probe.URL]; !ok {
		missing = append(missing, "url (oder datei)")
	}
	if len(missing) > 0 {
		return nil, municat.Errorf(municat.EUNAVAILABLE, "Der Metadaten-Datei fehlt die Spalte %s; die Kopfzeile lautet %q", strings.Join(missing, " und die Spalte "), municat.Shorten(strings.Join(header, ";"), 200))
	}
	return fields, nil
}

// decodeText returns body as UTF-8 text without byte-order mark, and the
// name of the encoding it was in.
func decodeText(body []byte) (string, string) {
	switch {
	case bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}):
		return strings.ToValidUTF8(string(body[3:]), "\uFFFD"), "UTF-8"
	case bytes.HasPrefix(body, []byte{0xFF, 0xFE}), bytes.HasPrefix(body, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		if out, err := dec.Bytes(body); err == nil {
			return string(out), "UTF-16"
		}
	case utf8.Valid(body):
		return string(body), "UTF-8"
	}
	out, _ := charmap.Windows1252.NewDecoder().Bytes(body)
	return string(out), "Windows-1252"
}

// separator returns the one of ';', ',' and tab that the first line of
// text has most of outside quotes; ';' on a tie, the German spreadsheet
// default.
func separator(text string) rune {
	counts := map[rune]int{}
	quoted := false
	for _, r := range text {
		if r == '"' {
			quoted = !quoted
		}
		if r == '\n' && !quoted {
			break
		}
		if !quoted {
			counts[r]++
		}
	}
	best := ';'
	for _, r := range []rune{',', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

// blank reports whether every cell is empty or white space.
func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// csvProblem says in German what is wrong with a row encoding/csv could
// not read.
func csvProblem(err error) string {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return "ein Anführungszeichen steht in einem Text ohne Anführungszeichen (einen Text mit \" bitte ganz in \"…\" setzen und das innere \" verdoppeln)"
	case errors.Is(err, csv.ErrQuote):
		return "ein Anführungszeichen ist nicht geschlossen oder steht an falscher Stelle"
	}
	return err.Error()
}
