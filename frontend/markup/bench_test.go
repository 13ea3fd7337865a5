package markup

import "testing"

// benchDescription is a realistic harvested description of about 2 KB
// (TestBenchDescriptionSize keeps it so):
// Markdown with headings, a list, a table, links, an image and some HTML.
const benchDescription = `# Baumkataster der Stadt Musterstadt

Das **Baumkataster** enthält alle Bäume im öffentlichen Raum, die vom
Grünflächenamt gepflegt werden: Straßenbäume, Bäume in Grünanlagen und auf
Spielplätzen. Für jeden Baum sind Art, Pflanzjahr, Stammumfang, Kronendurchmesser
und Höhe erfasst.

## Inhalt

- Standort (Koordinaten in ETRS89 / UTM 32N und WGS84)
- Gattung und Art (deutsch und botanisch)
- Pflanzjahr, *soweit bekannt*
- Zustand nach der letzten Regelkontrolle

## Aktualisierung

Die Daten werden ~~monatlich~~ wöchentlich aus dem Fachverfahren exportiert.

| Jahr | Bäume | Neupflanzungen |
|:-----|------:|---------------:|
| 2023 | 41.210 | 512 |
| 2024 | 41.598 | 633 |
| 2025 | 42.007 | 701 |

![Übersichtskarte](https://geo.musterstadt.example/karten/baeume.png)

<p>Hinweise zur Nutzung finden Sie unter
<a href="https://www.musterstadt.example/opendata">www.musterstadt.example/opendata</a>.<br>
Fragen beantwortet das Grünflächenamt: gruen@musterstadt.example</p>

### Felder

1. ` + "`baum_id`" + ` – eindeutige Nummer
2. ` + "`art_dt`" + ` – deutscher Name
3. ` + "`art_bot`" + ` – botanischer Name
4. ` + "`pflanzjahr`" + ` – Jahr der Pflanzung

5. ` + "`stammumfang_cm`" + ` – Stammumfang in 1 m Höhe
6. ` + "`kronendurchmesser_m`" + ` – Kronendurchmesser

> Hinweis: Bäume auf Privatgrund sind nicht enthalten. Die Koordinaten
> beschreiben den Stammfuß; Abweichungen von bis zu einem Meter sind möglich.

## Lizenz und Namensnennung

Die Daten stehen unter der *Datenlizenz Deutschland – Namensnennung – Version 2.0*
([dl-de/by-2-0](https://www.govdata.de/dl-de/by-2-0)). Bitte nennen Sie als Quelle
„Stadt Musterstadt, Grünflächenamt“ und das Datum des Abrufs. Ältere Stände
(ab 2019) erhalten Sie auf Anfrage; sie werden nicht mehr gepflegt.

Verwandte Datensätze: Grünflächenkataster, Spielplätze, Friedhöfe und
Kleingartenanlagen – alle im Portal unter dem Schlagwort ~~Grün~~ *Stadtgrün*.

Quelle: Stadt Musterstadt, Grünflächenamt, https://www.musterstadt.example/gruen
`

func BenchmarkMarkdown(b *testing.B) {
	b.SetBytes(int64(len(benchDescription)))
	b.ReportAllocs()
	for b.Loop() {
		Markdown(benchDescription)
	}
}

func BenchmarkPlainText(b *testing.B) {
	b.SetBytes(int64(len(benchDescription)))
	b.ReportAllocs()
	for b.Loop() {
		PlainText(benchDescription)
	}
}

func TestBenchDescriptionSize(t *testing.T) {
	if n := len(benchDescription); n < 1900 || n > 2300 {
		t.Errorf("benchDescription has %d bytes, want about 2 KB", n)
	}
}
