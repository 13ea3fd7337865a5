package meili

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"github.com/municat/municat"
	"github.com/municat/municat/search/searchtest"
)

// realServer returns the config of the Meilisearch server named by
// MUNICAT_TEST_MEILI_URL (and MUNICAT_TEST_MEILI_KEY), with a prefix unique
// to the test, and deletes the test's indexes at cleanup. It skips the test
// when no server is named.
func realServer(t *testing.T) Config {
	t.Helper()
	url := serverURL(t)
	var b [4]byte
	_, _ = rand.Read(b[:])
	name := regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(t.Name()), "_")
	cfg := Config{
		URL:         url,
		Key:         os.Getenv("MUNICAT_TEST_MEILI_KEY"),
		IndexPrefix: "municat_test_" + name[:min(len(name), 60)] + "_" + hex.EncodeToString(b[:]) + "_",
	}
	t.Cleanup(func() { deleteIndexes(t, cfg) })
	return cfg
}

// serverURL returns MUNICAT_TEST_MEILI_URL or skips the test.
func serverURL(t *testing.T) string {
	t.Helper()
	url := os.Getenv("MUNICAT_TEST_MEILI_URL")
	if url == "" {
		t.Skip("MUNICAT_TEST_MEILI_URL not set: no Meilisearch server to run against (see the README)")
	}
	return url
}

// deleteIndexes deletes every index whose uid starts with the prefix of cfg.
func deleteIndexes(t *testing.T, cfg Config) {
	ctx := context.Background()
	client := meilisearch.New(cfg.URL, meilisearch.WithAPIKey(cfg.Key))
	defer client.Close()
	res, err := client.ListIndexes(ctx, &meilisearch.IndexesQuery{Limit: 1000})
	if err != nil {
		t.Errorf("cleanup: list indexes: %v", err)
		return
	}
	for _, ix := range res.Results {
		if !strings.HasPrefix(ix.UID, cfg.IndexPrefix) {
			continue
		}
		info, err := client.DeleteIndex(ctx, ix.UID)
		if err == nil {
			_, err = client.WaitForTask(ctx, info.TaskUID, 10*time.Millisecond)
		}
		if err != nil {
			t.Errorf("cleanup: delete index %s: %v", ix.UID, err)
		}
	}
}

// TestContract runs the shared suite against a real Meilisearch server.
func TestContract(t *testing.T) {
	serverURL(t)
	searchtest.Run(t, func(t *testing.T) municat.Index {
		x, err := Open(context.Background(), realServer(t))
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		if !x.Created() {
			t.Errorf("Created() = false for a fresh prefix")
		}
		return x
	})
}

// TestRebuildOnServer swaps a build in on a real server: searches see the
// old content until the commit and exactly the build afterwards.
func TestRebuildOnServer(t *testing.T) {
	cfg := realServer(t)
	ctx := context.Background()
	x, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	ds := searchtest.Datasets()
	searchtest.MustIndex(t, x, ds[:3]...)
	b, err := x.StartRebuild(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Index(ctx, ds[3:6]...); err != nil {
		t.Fatal(err)
	}
	searchtest.MustIndex(t, x, ds[6])
	if n := searchtest.MustCount(t, x); n != 4 {
		t.Errorf("Count during the rebuild = %d, want 4", n)
	}
	if err := b.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, d := range ds[3:7] {
		want = append(want, d.ID)
	}
	slices.Sort(want)
	if got := searchtest.MustIDs(t, x); !slices.Equal(got, want) {
		t.Errorf("IDs after the commit = %v, want %v", got, want)
	}
	if err := x.Health(ctx); err != nil {
		t.Errorf("Health: %v", err)
	}
}
