package municat_test

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

func TestDatasetIDIsStableAndSafe(t *testing.T) {
	tests := []struct{ source, remote, want string }{
		{"stadt-ckan", "352a646f-e170-49c7-9d1e-53bdef9392fc", "stadt-ckan.352a646f-e170-49c7-9d1e-53bdef9392fc"},
		{"s", "baumkataster_2024", "s.baumkataster_2024"},
	}
	for _, tt := range tests {
		if got := municat.DatasetID(tt.source, tt.remote); got != tt.want {
			t.Errorf("DatasetID(%q, %q) = %q, want %q", tt.source, tt.remote, got, tt.want)
		}
	}
	for _, remote := range []string{"https://example.org/ds/1", "Baum Kataster", "../../x", "UPPER", strings.Repeat("a", 300)} {
		id := municat.DatasetID("s", remote)
		if !municat.ValidDatasetID(id) || id != municat.DatasetID("s", remote) {
			t.Errorf("DatasetID(s, %q) = %q: not a valid, stable id", remote, id)
		}
		if id == municat.DatasetID("s", remote+"x") {
			t.Errorf("DatasetID collides for %q", remote)
		}
	}
}

func TestHashIgnoresHarvestBookkeeping(t *testing.T) {
	now := time.Now()
	d := &municat.Dataset{ID: "a", Title: municat.NewText("Baumkataster")}
	h := d.Hash()
	d.State, d.ContentHash, d.Harvested = municat.Withdrawn, "x", &now
	if d.Hash() != h {
		t.Fatal("hash changed with state, content hash or harvest time")
	}
	d.Keywords = []string{"Bäume"}
	if d.Hash() == h {
		t.Fatal("hash did not change with the content")
	}
}

func TestValidateNamesEveryProblem(t *testing.T) {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(-1, 0, 0)
	d := &municat.Dataset{
		ID:            "Bad ID",
		Themes:        []string{"ENVI", "UMWELT"},
		LandingPage:   "www.example.org",
		Temporal:      &municat.Period{Start: &start, End: &end},
		Spatial:       &municat.Spatial{BBox: &municat.BoundingBox{West: 10, East: 9, South: 52, North: 53}},
		Distributions: []municat.Distribution{{ID: "x"}, {ID: "x", AccessURL: "ftp://a"}},
	}
	err := d.Validate()
	var ve *municat.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, municat.ErrInvalid) {
		t.Fatalf("Validate = %v, want a ValidationError matching ErrInvalid", err)
	}
	want := []string{"id", "title", "themes[1]", "landing_page", "spatial.bbox", "temporal", "distributions[0].access_url", "distributions[1].id", "distributions[1].access_url"}
	got := map[string]bool{}
	for _, f := range ve.Fields {
		got[f.Field] = true
		if f.Message == "" {
			t.Errorf("%s: empty message", f.Field)
		}
	}
	for _, f := range want {
		if !got[f] {
			t.Errorf("no problem reported for %s; got %v", f, ve.Fields)
		}
	}
	ok := &municat.Dataset{ID: "ok", Title: municat.NewText("Gut"), Themes: []string{"ENVI"}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid dataset: %v", err)
	}
}

func TestSourceValidate(t *testing.T) {
	s := &municat.Source{ID: "stadt-ckan", Type: "ckan", URL: "https://ckan.example", Organization: "o", Schedule: "0 3 * * *"}
	if err := s.Validate("ckan"); err != nil {
		t.Fatal(err)
	}
	s.Schedule, s.TimeZone, s.Type = "täglich", "Mars/Olympus", "ftp"
	err := s.Validate("ckan")
	for _, field := range []string{"schedule", "time_zone", "type"} {
		if err == nil || !strings.Contains(err.Error(), field+":") {
			t.Errorf("Validate = %v, want a problem with %s", err, field)
		}
	}
}

func TestTextFallsBack(t *testing.T) {
	tx := municat.Text{"en": "Trees", "fr": "Arbres"}
	if tx.Get("de") != "Trees" || tx.Get("fr") != "Arbres" || (municat.Text{"fr": "Arbres"}).Get("de") != "Arbres" {
		t.Fatalf("fallbacks wrong: %q %q", tx.Get("de"), tx.Get("fr"))
	}
	if !(municat.Text{"de": ""}).IsEmpty() || municat.NewText("") != nil {
		t.Fatal("empty text not empty")
	}
}

func TestErrorsMatchByCode(t *testing.T) {
	err := municat.NotFound("Datensatz %q nicht gefunden.", "x")
	if !errors.Is(err, municat.ErrNotFound) || !errors.Is(err, fs.ErrNotExist) || errors.Is(err, municat.ErrInvalid) {
		t.Fatal("not-found error does not match as promised")
	}
	if municat.ErrorCode(errors.New("boom")) != municat.EINTERNAL || municat.ErrorMessage(errors.New("secret detail")) == "secret detail" {
		t.Fatal("internal errors must not leak their message")
	}
}

func FuzzValidKey(f *testing.F) {
	for _, k := range []string{"a", "a/b", "../a", "a//b", "datasets/x.json", "\xff"} {
		f.Add(k)
	}
	f.Fuzz(func(t *testing.T, key string) {
		if !municat.ValidKey(key) {
			return
		}
		for _, seg := range strings.Split(key, "/") {
			if seg == "" || seg == "." || seg == ".." {
				t.Fatalf("ValidKey accepted %q", key)
			}
		}
		if strings.ContainsAny(key, "\\\x00") || key[0] == '/' {
			t.Fatalf("ValidKey accepted %q", key)
		}
	})
}

func TestShorten(t *testing.T) {
	long := "Alle Straßenbäume der Stadt Musterstadt mit Art, Pflanzjahr und Standort."
	got := municat.Shorten(long, 30)
	if got != "Alle Straßenbäume der Stadt…" {
		t.Errorf("Shorten = %q", got)
	}
	if municat.Shorten("kurz", 30) != "kurz" {
		t.Error("a short text changed")
	}
}

func TestTextByAnalysis(t *testing.T) {
	de, en, other := municat.Text{"": "Ohne Sprache", "de": "Deutsch", "en": "English", "fr": "Français", "pl": "Polski", "es": ""}.ByAnalysis()
	if de != "Ohne Sprache\nDeutsch" || en != "English" || other != "Français\nPolski" {
		t.Errorf("ByAnalysis = %q, %q, %q", de, en, other)
	}
	if de, en, other := (municat.Text{}).ByAnalysis(); de+en+other != "" {
		t.Errorf("ByAnalysis of an empty text = %q, %q, %q", de, en, other)
	}
}

func TestDistinct(t *testing.T) {
	got := municat.Distinct([]string{" Rad ", "", "Bus", "Rad", "  ", "bus"})
	if want := []string{"Rad", "Bus", "bus"}; !slices.Equal(got, want) {
		t.Errorf("Distinct = %q, want %q", got, want)
	}
}
