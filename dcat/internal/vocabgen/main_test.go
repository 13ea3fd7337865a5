package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestGeneratedTablesUpToDate regenerates the tables from the source
// vocabularies (MUNICAT_VOCAB_SRC, else the repository's copy in
// testdata/standards/vocabularies) and compares them with the committed
// files.
func TestGeneratedTablesUpToDate(t *testing.T) {
	src := os.Getenv("MUNICAT_VOCAB_SRC")
	if src == "" {
		src = filepath.Join("..", "..", "..", "testdata", "standards", "vocabularies")
	}
	out := t.TempDir()
	for _, tb := range tables {
		if err := generate(tb, src, out); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(out, tb.out))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("..", "..", "vocab", tb.out))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is out of date; run go generate ./dcat", tb.out)
		}
		if bytes.Count(got, []byte("\n")) < 5 {
			t.Errorf("%s has almost no rows", tb.out)
		}
	}
}
