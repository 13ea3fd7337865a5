package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestBuild builds a database from two OSV entries and checks the v1
// layout govulncheck reads: the modules index lists each module with its
// entries, the vulns index every entry, and the entries are copied as they
// are.
func TestBuild(t *testing.T) {
	src := t.TempDir()
	entries := map[string]string{
		"GO-2026-0001": `{"id":"GO-2026-0001","modified":"2026-01-02T03:04:05Z","aliases":["CVE-2026-1"],"affected":[{"package":{"name":"stdlib"}},{"package":{"name":"example.org/m"}}]}`,
		"GO-2026-0002": `{"id":"GO-2026-0002","modified":"0001-01-01T00:00:00Z","affected":[{"package":{"name":"example.org/m"}},{"package":{"name":"example.org/m"}}]}`,
	}
	for id, body := range entries {
		if err := os.WriteFile(filepath.Join(src, id+".json"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "db")
	n, err := build(src, out, "")
	if err != nil || n != 2 {
		t.Fatalf("build = %d, %v", n, err)
	}
	var db struct{ Modified string }
	var mods []module
	var vulns []vuln
	for name, v := range map[string]any{"db.json": &db, "modules.json": &mods, "vulns.json": &vulns} {
		b, err := os.ReadFile(filepath.Join(out, "index", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if db.Modified != "2026-01-02T03:04:05Z" {
		t.Errorf("db.json modified %q", db.Modified)
	}
	if len(mods) != 2 || mods[0].Path != "example.org/m" || len(mods[0].Vulns) != 2 || mods[1].Path != "stdlib" || len(mods[1].Vulns) != 1 {
		t.Errorf("modules.json = %+v", mods)
	}
	if len(vulns) != 2 || vulns[0].ID != "GO-2026-0001" || len(vulns[0].Aliases) != 1 {
		t.Errorf("vulns.json = %+v", vulns)
	}
	for id, body := range entries {
		if b, err := os.ReadFile(filepath.Join(out, "ID", id+".json")); err != nil || string(b) != body {
			t.Errorf("ID/%s.json = %q, %v", id, b, err)
		}
	}

	// A file whose name is not its id, and a database without any time.
	bad := t.TempDir()
	_ = os.WriteFile(filepath.Join(bad, "GO-2026-0003.json"), []byte(`{"id":"../x"}`), 0o644)
	if _, err := build(bad, filepath.Join(t.TempDir(), "db"), ""); err == nil {
		t.Error("entry id ../x accepted")
	}
	_ = os.WriteFile(filepath.Join(bad, "GO-2026-0003.json"), []byte(`{"id":"GO-2026-0003"}`), 0o644)
	if _, err := build(bad, filepath.Join(t.TempDir(), "db"), ""); err == nil {
		t.Error("database without a modification time accepted")
	}
	if _, err := build(bad, filepath.Join(t.TempDir(), "db"), "2026-11-05T23:49:57Z"); err != nil {
		t.Errorf("with -modified: %v", err)
	}
}

// TestBuildKeepsOtherDirectories checks that -out never wipes a directory
// that holds something else.
func TestBuildKeepsOtherDirectories(t *testing.T) {
	src := t.TempDir()
	_ = os.WriteFile(filepath.Join(src, "GO-2026-0001.json"), []byte(`{"id":"GO-2026-0001","modified":"2026-01-02T03:04:05Z"}`), 0o644)
	out := t.TempDir()
	keep := filepath.Join(out, "go.mod")
	_ = os.WriteFile(keep, []byte("module x\n"), 0o644)
	if _, err := build(src, out, ""); err == nil {
		t.Fatal("a directory with other files was replaced")
	}
	if _, err := os.Stat(keep); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "db")
	for range 2 { // an earlier database is replaced
		if _, err := build(src, db, ""); err != nil {
			t.Fatal(err)
		}
	}
}
