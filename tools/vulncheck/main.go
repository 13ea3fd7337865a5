// Command vulncheck builds a Go vulnerability database for govulncheck's
// -db file:// option from the OSV files of the golang.org/x/vulndb module,
// which the Go module proxy serves (vuln.go.dev itself may be out of reach).
//
//	go run ./tools/vulncheck -src $VULNDB/data/osv -out DIR [-modified 2026-11-05T23:49:57Z]
//
// DIR then holds the v1 layout of https://go.dev/security/vuln/database#api:
// index/db.json, index/modules.json, index/vulns.json and ID/<id>.json.
// The fixed version of a module's entry, which the index may carry to save
// downloads, is left out: govulncheck then reads every entry of a module the
// build uses, which gives the same findings.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// entry holds the fields of an OSV entry the indexes need.
type entry struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Aliases  []string  `json:"aliases,omitempty"`
	Affected []struct {
		Package struct {
			Name string `json:"name"`
		} `json:"package"`
	} `json:"affected"`
}

// moduleVuln is an element of a module's list in index/modules.json.
type moduleVuln struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
}

// module is an element of index/modules.json.
type module struct {
	Path  string       `json:"path"`
	Vulns []moduleVuln `json:"vulns"`
}

// vuln is an element of index/vulns.json.
type vuln struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Aliases  []string  `json:"aliases,omitempty"`
}

func main() {
	src := flag.String("src", "", "directory of OSV files (data/osv of golang.org/x/vulndb)")
	out := flag.String("out", "", "directory to write the database to (an earlier database there is replaced)")
	modified := flag.String("modified", "", "modification time of the database (RFC 3339) when the entries carry none")
	flag.Parse()
	if *src == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	n, err := build(*src, *out, *modified)
	if err != nil {
		fmt.Fprintln(os.Stderr, "vulncheck:", err)
		os.Exit(1)
	}
	fmt.Printf("vulncheck: %d entries written to %s\n", n, *out)
}

// build writes the database of the OSV files in src to out and returns the
// number of entries.
func build(src, out, modified string) (int, error) {
	files, err := filepath.Glob(filepath.Join(src, "*.json"))
	if err != nil {
		return 0, err
	}
	if len(files) == 0 {
		return 0, fmt.Errorf("no OSV files in %s", src)
	}
	var dbTime time.Time
	if modified != "" {
		if dbTime, err = time.Parse(time.RFC3339, modified); err != nil {
			return 0, fmt.Errorf("-modified: %w", err)
		}
	}
	// Replace only an earlier database (or nothing): -out . must not wipe
	// a working tree.
	if des, err := os.ReadDir(out); err == nil && len(des) > 0 {
		if _, err := os.Stat(filepath.Join(out, "index", "db.json")); err != nil {
			return 0, fmt.Errorf("%s exists and holds no vulnerability database: not replaced", out)
		}
	}
	if err := os.RemoveAll(out); err != nil {
		return 0, err
	}
	for _, dir := range []string{"index", "ID"} {
		if err := os.MkdirAll(filepath.Join(out, dir), 0o755); err != nil {
			return 0, err
		}
	}
	modules := map[string]*module{}
	var vulns []vuln
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			return 0, err
		}
		var e entry
		if err := json.Unmarshal(raw, &e); err != nil {
			return 0, fmt.Errorf("%s: %w", file, err)
		}
		if e.ID == "" || strings.ContainsAny(e.ID, `/\`) || e.ID+".json" != filepath.Base(file) {
			return 0, fmt.Errorf("%s: entry id %q does not match the file name", file, e.ID)
		}
		if e.Modified.After(dbTime) {
			dbTime = e.Modified
		}
		vulns = append(vulns, vuln{ID: e.ID, Modified: e.Modified, Aliases: e.Aliases})
		seen := map[string]bool{}
		for _, a := range e.Affected {
			path := a.Package.Name
			if path == "" || seen[path] {
				continue
			}
			seen[path] = true
			m := modules[path]
			if m == nil {
				m = &module{Path: path}
				modules[path] = m
			}
			m.Vulns = append(m.Vulns, moduleVuln{ID: e.ID, Modified: e.Modified})
		}
		if err := os.WriteFile(filepath.Join(out, "ID", e.ID+".json"), raw, 0o644); err != nil {
			return 0, err
		}
	}
	if dbTime.IsZero() {
		return 0, errors.New("the entries carry no modification time: give -modified")
	}
	list := make([]*module, 0, len(modules))
	for _, m := range modules {
		sort.Slice(m.Vulns, func(i, j int) bool { return m.Vulns[i].ID < m.Vulns[j].ID })
		list = append(list, m)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Path < list[j].Path })
	sort.Slice(vulns, func(i, j int) bool { return vulns[i].ID < vulns[j].ID })
	for name, v := range map[string]any{
		"db.json":      map[string]time.Time{"modified": dbTime.UTC()},
		"modules.json": list,
		"vulns.json":   vulns,
	} {
		b, err := json.Marshal(v)
		if err != nil {
			return 0, err
		}
		if err := os.WriteFile(filepath.Join(out, "index", name), b, 0o644); err != nil {
			return 0, err
		}
	}
	return len(vulns), nil
}
