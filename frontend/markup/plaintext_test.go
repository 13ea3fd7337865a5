package markup

import (
	"strings"
	"testing"
)

func TestPlainText(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"empty", "", ""},
		{"blank", " \n\t ", ""},
		{"markdown", "# Baumkataster\n\nAlle **Straßenbäume** der *Stadt*.\n\n- Art\n- Höhe", "Baumkataster Alle Straßenbäume der Stadt. Art Höhe"},
		{"link", "Siehe [die Seite](https://stadt.example.org/) der Stadt.", "Siehe die Seite der Stadt."},
		{"autolink", "Mehr unter https://stadt.example.org/daten", "Mehr unter https://stadt.example.org/daten"},
		{"image", "![Karte](https://cdn.example.org/k.png) zeigt alles", "Karte zeigt alles"},
		{"html", "<p>Hallo<br>Welt</p><p><b>Fett</b>druck &amp; mehr</p>", "Hallo Welt Fettdruck & mehr"},
		{"entities", "Preis &lt; 5 &euro; &quot;gratis&quot;", `Preis < 5 € "gratis"`},
		{"script dropped", "Text<script>alert(1)</script> weiter<style>p{}</style>", "Text weiter"},
		{"whitespace", "  viel \t\t Raum \r\n\r\n\r\n zwischen   Wörtern  ", "viel Raum zwischen Wörtern"},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", "a b 1 2"},
		{"code", "Nutze `a<b` im Filter", "Nutze a<b im Filter"},
		{"headings", "Einleitung\n## Teil\nInhalt", "Einleitung Teil Inhalt"},
		{"hostile", `<img src=x onerror=alert(1)>Bild<a href="javascript:alert(1)">klick</a>`, "Bildklick"},
	}
	for _, tt := range tests {
		if got := PlainText(tt.src); got != tt.want {
			t.Errorf("%s: PlainText(%q) = %q, want %q", tt.name, tt.src, got, tt.want)
		}
	}
}

func TestPlainTextHasNoMarkup(t *testing.T) {
	for _, src := range append([]string{benchDescription}, hostile...) {
		got := PlainText(src)
		if strings.ContainsAny(got, "\n\t\r") || strings.Contains(got, "  ") {
			t.Errorf("PlainText(%q) = %q: white space not collapsed", src, got)
		}
	}
	// Text may show markup characters (a code span can quote a tag), but
	// never the markup of the rendering.
	if got := PlainText(benchDescription); strings.ContainsAny(got, "<>") {
		t.Errorf("PlainText(benchDescription) = %q: markup left", got)
	}
}
