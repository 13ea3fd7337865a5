package publish_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/municat/municat/publish"
)

// BenchmarkUpload measures storing a 16 MiB CSV as a new version: spooling
// with SHA-256, sniffing, writing to the fs store and the record.
func BenchmarkUpload(b *testing.B) {
	e := newEnv(b, 0, nil)
	d := e.published(b, "Messwerte")
	row := []byte("2026-03-10T09:00:00Z;Messstelle 17;12.5;mg/l\n")
	body := bytes.Repeat(row, (16<<20)/len(row))
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		content := io.MultiReader(strings.NewReader(fmt.Sprintf("run;%d\n", i)), bytes.NewReader(body))
		if _, _, err := e.svc.Upload(context.Background(), anna, d.ID, publish.Upload{Name: "werte.csv", Body: content}); err != nil {
			b.Fatal(err)
		}
	}
}
