package preview

import "testing"

func TestKind(t *testing.T) {
	for _, tc := range []struct{ format, mediaType, name, want string }{
		{"CSV", "", "", KindCSV},
		{"csv", "", "", KindCSV},
		{"http://publications.europa.eu/resource/authority/file-type/CSV", "", "", KindCSV},
		{"TSV", "", "", KindCSV},
		{"XLSX", "", "", KindXLSX},
		{"XLSM", "", "", KindXLSX},
		{"TAB", "", "", ""}, // MapInfo TAB, not tab-separated values
		{"GEOJSON", "", "", KindGeoJSON},
		{"http://publications.europa.eu/resource/authority/file-type/GEOJSON", "", "", KindGeoJSON},
		{"JSON", "", "", ""},
		{"JSON", "application/json", "parkplaetze.geojson", KindGeoJSON},
		{"JSON", "application/json", "parkplaetze.json", ""},
		{"", "text/csv; charset=utf-8", "", KindCSV},
		{"", "https://www.iana.org/assignments/media-types/text/csv", "", KindCSV},
		{"", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "", KindXLSX},
		{"", "application/geo+json", "", KindGeoJSON},
		{"", "", "https://example.org/daten/Parkplätze.CSV?download=1#x", KindCSV},
		{"", "", "tabelle.xlsx", KindXLSX},
		{"", "", "daten/tabelle.csv?version=2", KindCSV},
		{"", "", "tabelle.xls", ""},
		{"PDF", "application/pdf", "bericht.pdf", ""},
		{"XLS", "application/vnd.ms-excel", "tabelle.xls", ""},
		{"CSV", "", "tabelle.xlsx", KindCSV}, // the format wins
		{"", "", "", ""},
	} {
		if got := Kind(tc.format, tc.mediaType, tc.name); got != tc.want {
			t.Errorf("Kind(%q, %q, %q) = %q, want %q", tc.format, tc.mediaType, tc.name, got, tc.want)
		}
	}
}
