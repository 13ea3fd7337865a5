package tabular_test

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// genRow is one row of the generated CSV, as values, so that tests can
// compute expected answers without package tabular.
type genRow struct {
	id        int64
	day       time.Time
	cents     int64 // betrag in cents
	kategorie string
	menge     int64
	aktiv     bool
	bemerkung string
}

var kategorien = []string{"Straßenbau", "Brücken", "Grünflächen", "Schulen", "Bäder", "Müllabfuhr", "Büchereien", "Feuerwehr",
	"Friedhöfe", "Kitas", "Sportstätten", "Wasserversorgung", "Abwasser", "Straßenbeleuchtung", "Verkehr", "Kultur",
	"Soziales", "Jugend", "Senioren", "Öffentlicher Nahverkehr"}

var wörter = []string{"Maßnahme", "Prüfung", "Änderung", "Überweisung", "Zuschuss", "Förderung", "Nachtrag", "Rückzahlung",
	"Gebühr", "Abschlag", "Vergütung", "Erstattung", "Rechnung", "Auftrag", "Lieferung", "Instandsetzung"}

// splitmix is a stateless mixer: the row number decides every field.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

var genEpoch = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)

func makeRow(i int64) genRow {
	h := splitmix(uint64(i))
	g := splitmix(h)
	r := genRow{
		id:        i + 1,
		day:       genEpoch.AddDate(0, 0, int(h%3650)),
		cents:     int64((h >> 12) % 10_000_000),
		kategorie: kategorien[(h>>40)%uint64(len(kategorien))],
		menge:     int64((g) % 1000),
		aktiv:     (g>>20)&1 == 1,
	}
	var b strings.Builder
	for w := 0; w < 8; w++ {
		if w > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(wörter[(g>>(24+4*w))%uint64(len(wörter))])
	}
	r.bemerkung = b.String()
	return r
}

// germanAmount writes cents as "12.345,67".
func germanAmount(cents int64) string {
	euros := strconv.FormatInt(cents/100, 10)
	var b strings.Builder
	for i, c := range euros {
		if i > 0 && (len(euros)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	fmt.Fprintf(&b, ",%02d", cents%100)
	return b.String()
}

func (r genRow) line() string {
	aktiv := "nein"
	if r.aktiv {
		aktiv = "ja"
	}
	bem := r.bemerkung
	if r.id%7 == 0 {
		bem = `"` + bem + `; mit ""Zitat"""`
	}
	return fmt.Sprintf("%d;%s;%s;%s;%d;%s;%s\r\n", r.id, r.day.Format("02.01.2006"), germanAmount(r.cents), r.kategorie, r.menge, aktiv, bem)
}

const genHeader = "ID;Datum;Betrag (EUR);Kategorie;Menge;Aktiv;Bemerkung\r\n"

// generator is a Windows-1252 CSV file of rows rows, made while it is read.
type generator struct {
	rows, next int64
	buf        []byte
	line       []byte
	n          int64 // bytes produced
}

func newGenerator(rows int64) *generator { return &generator{rows: rows, next: -1} }

// win1252 encodes UTF-8 text that Windows-1252 can hold.
func win1252(s string) string {
	b, err := charmap.Windows1252.NewEncoder().String(s)
	if err != nil {
		panic(err)
	}
	return b
}

// Read fills p with as many lines as fit, so that a writer gets large
// blocks.
func (g *generator) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(g.buf) == 0 {
			if g.next >= g.rows {
				break
			}
			if g.next < 0 {
				g.line = append(g.line[:0], win1252(genHeader)...)
			} else {
				g.line = makeRow(g.next).appendLine(g.line[:0])
			}
			g.next++
			g.buf = g.line
		}
		c := copy(p[n:], g.buf)
		g.buf = g.buf[c:]
		n += c
	}
	g.n += int64(n)
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

// appendLine appends the row as a Windows-1252 CSV line; it writes what
// line writes, without fmt and an encoder per row.
func (r genRow) appendLine(b []byte) []byte {
	b = strconv.AppendInt(b, r.id, 10)
	b = append(b, ';')
	b = r.day.AppendFormat(b, "02.01.2006")
	b = append(b, ';')
	b = append(b, germanAmount(r.cents)...)
	b = append(b, ';')
	b = append(b, win1252Kategorien[r.kategorie]...)
	b = append(b, ';')
	b = strconv.AppendInt(b, r.menge, 10)
	if r.aktiv {
		b = append(b, ";ja;"...)
	} else {
		b = append(b, ";nein;"...)
	}
	bem := r.bemerkung
	if r.id%7 == 0 {
		bem = `"` + bem + `; mit ""Zitat"""`
	}
	b = append(b, umlauts.Replace(bem)...)
	return append(b, "\r\n"...)
}

// umlauts turns the non-ASCII letters of the word lists into Windows-1252.
var umlauts = strings.NewReplacer("ä", "\xe4", "ö", "\xf6", "ü", "\xfc", "Ä", "\xc4", "Ö", "\xd6", "Ü", "\xdc", "ß", "\xdf")

// win1252Kategorien are the categories in Windows-1252.
var win1252Kategorien = func() map[string]string {
	m := map[string]string{}
	for _, k := range kategorien {
		m[k] = win1252(k)
	}
	return m
}()

func TestGeneratorLinesAgree(t *testing.T) {
	for i := range int64(1000) {
		r := makeRow(i)
		if got, want := string(r.appendLine(nil)), win1252(r.line()); got != want {
			t.Fatalf("row %d: %q, want %q", i, got, want)
		}
	}
}
