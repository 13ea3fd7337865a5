package harvester_test

import (
	"context"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/harvester"
)

func TestOnFileIsCalledForStoredFiles(t *testing.T) {
	const body = "Art;Jahr\nLinde;1990\n"
	key := catalog.FileVersionKey("fake.baeume", "csv", "0123456789abcdef", "baeume.csv")
	withFile := harvester.Record{RemoteID: "baeume", Dataset: &municat.Dataset{Title: municat.NewText("Bäume"),
		Distributions: []municat.Distribution{
			{ID: "csv", AccessURL: "https://fake.example/baeume.csv", Format: "CSV", FileKey: key},
			{ID: "wms", AccessURL: "https://fake.example/wms", Format: "WMS_SRVC"},
		}},
		Files: []harvester.File{{Key: key, ContentType: "text/csv", Size: int64(len(body)),
			Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(body)), nil }}}}
	f := &fakeFetcher{pages: [][]harvester.Record{{withFile, rec("ohne", "Ohne Datei")}}}
	r, src, _ := MustFakeEnv(t, f)
	var mu sync.Mutex
	var calls []string
	r.OnFile = func(_ context.Context, datasetID, distID string) {
		mu.Lock()
		defer mu.Unlock()
		calls = append(calls, datasetID+"/"+distID)
	}
	if _, err := r.Run(context.Background(), src, harvester.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(calls, []string{"fake.baeume/csv"}) {
		t.Fatalf("calls %v", calls)
	}
}
