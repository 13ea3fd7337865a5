package admin

import (
	"net/url"
	"testing"
	"time"

	"github.com/municat/municat"
)

// FuzzDatasetForm feeds arbitrary forms through reading, applying and
// mapping problems to inputs: nothing panics, every problem names an input
// and the stored dataset is never changed.
func FuzzDatasetForm(f *testing.F) {
	f.Add("title_de=Baum&dist-0-id=a&dist-0-title=x&dist-new-access_url=https://x&publication=schedule&publish_date=2026-12-24&publish_time=08:00")
	f.Add("temporal_start=01.02.2026&temporal_end=2025-01-01&themes=ENVI&themes=XXX&publication=now")
	f.Add("dist-0-id=&dist-1-id=b&dist-0-remove=1&publication=what")
	f.Fuzz(func(t *testing.T, query string) {
		v, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		form := readDatasetForm(v)
		base := &municat.Dataset{ID: "basis", Title: municat.NewText("Basis"), State: municat.Published,
			Distributions: []municat.Distribution{{ID: "a", AccessURL: "https://x"}, {ID: "b", FileKey: "files/basis/b/x.csv"}}}
		form.markFiles(base)
		loc := time.UTC
		d, errs, rows := form.apply(base, loc)
		if len(rows) != len(d.Distributions) {
			t.Fatalf("%d rows for %d distributions", len(rows), len(d.Distributions))
		}
		for _, e := range errs {
			if !isDatasetInput(e.Field) || e.Message == "" {
				t.Fatalf("bad problem %+v", e)
			}
		}
		for _, field := range []string{"title", "distributions[0].access_url", "distributions[1].format", "publish_at", "temporal.end"} {
			if in := datasetInput(field, rows, form); !isDatasetInput(in) {
				t.Fatalf("%q maps to %q", field, in)
			}
		}
		if base.Title.String() != "Basis" || len(base.Distributions) != 2 {
			t.Fatal("apply changed the stored dataset")
		}
		_ = datasetFormOf(d, loc)
	})
}
