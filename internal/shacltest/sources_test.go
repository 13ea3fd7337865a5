package shacltest

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/municat/municat/internal/repotest"
)

// sourcesRow matches a table row of SOURCES.md naming a file and its sha256.
var sourcesRow = regexp.MustCompile("(?m)^\\| `([^`]+)` \\|.*`([0-9a-f]{64})` \\|")

// Every file under testdata/standards must be listed in its SOURCES.md with
// its sha256, so that nobody patches an official file unnoticed.
func TestStandardsMatchSources(t *testing.T) {
	root, err := repotest.Root()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "testdata", "standards")
	doc, err := os.ReadFile(filepath.Join(dir, "SOURCES.md"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]string{}
	for _, m := range sourcesRow.FindAllStringSubmatch(string(doc), -1) {
		listed[m[1]] = m[2]
	}
	seen := 0
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "SOURCES.md" {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		switch want, ok := listed[rel]; {
		case !ok:
			t.Errorf("%s is not listed in SOURCES.md", rel)
		case want != hex.EncodeToString(sum[:]):
			t.Errorf("%s: sha256 %x, SOURCES.md says %s", rel, sum, want)
		}
		seen++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen != len(listed) {
		t.Errorf("SOURCES.md lists %d files, testdata/standards holds %d", len(listed), seen)
	}
}
