package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/server"
)

// TestFileVersions: the versions of a file source's data file are listed
// newest first with their download URLs, and each is downloadable with
// its own bytes and ETag.
func TestFileVersions(t *testing.T) {
	e := MustEnv(t, nil)
	ctx := context.Background()
	contents := []string{"a;b\n1;2\n", "a;b\n1;2\n3;4\n"}
	var versions []municat.FileVersion
	for i, body := range contents {
		sum := sha256.Sum256([]byte(body))
		hexSum := hex.EncodeToString(sum[:])
		key := catalog.FileVersionKey("nacht.export", "csv", hexSum[:16], "export.csv")
		MustOK(t, e.store.Put(ctx, key, bytes.NewReader([]byte(body)), int64(len(body)), "text/csv"))
		versions = append(versions, municat.FileVersion{ID: hexSum[:16], Key: key, SHA256: hexSum, ByteSize: int64(len(body)),
			MediaType: "text/csv", Stored: time.Date(2026, 1, 1+i, 3, 0, 0, 0, time.UTC)})
	}
	d := &municat.Dataset{ID: "nacht.export", Title: municat.NewText("Nächtlicher Export"), State: municat.Published,
		Distributions: []municat.Distribution{{ID: "csv", AccessURL: "https://stadt.example/export.csv", FileKey: versions[1].Key, Versions: versions}}}
	MustOK(t, e.catalog.PutDataset(ctx, d))

	var list server.ListResponse[server.FileVersion]
	MustGetJSON(t, e.app, "/api/v1/datasets/nacht.export/distributions/csv/versions", http.StatusOK, &list)
	if list.Total != 2 || list.Items[0].ID != versions[1].ID || !list.Items[0].Current || list.Items[1].Current {
		t.Fatalf("versions %+v", list)
	}
	for i, v := range list.Items {
		want := contents[1-i]
		resp, body := MustDo(t, e.app, http.MethodGet, v.DownloadURL[len(testBaseURL):])
		if resp.StatusCode != http.StatusOK || string(body) != want || resp.Header.Get("Etag") != `"sha256-`+v.SHA256+`"` {
			t.Errorf("version %s: %d %q etag %s", v.ID, resp.StatusCode, body, resp.Header.Get("Etag"))
		}
	}
	MustProblem(t, e.app, http.MethodGet, "/api/v1/datasets/nacht.export/distributions/csv/versions/0000000000000000/download", http.StatusNotFound)
	MustProblem(t, e.app, http.MethodGet, "/api/v1/datasets/nacht.export/distributions/xml/versions", http.StatusNotFound)
}
