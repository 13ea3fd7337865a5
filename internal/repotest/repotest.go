// Package repotest finds files of the repository from tests, wherever
// `go test` runs them: the test helpers of several packages read the
// fixtures under testdata/ and the tools under tools/.
package repotest

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Root returns the repository root: the directory above this package's
// source, else the nearest directory above the working directory that
// holds go.mod.
func Root() (string, error) {
	if _, file, _, ok := runtime.Caller(0); ok {
		dir := filepath.Join(filepath.Dir(file), "..", "..")
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Clean(dir), nil
		}
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", errors.New("repotest: no go.mod found above " + wd)
		}
	}
}

// Dir returns the directory rel (slash-separated, relative to the
// repository root) and fails tb when it does not exist.
func Dir(tb testing.TB, rel string) string {
	tb.Helper()
	root, err := Root()
	if err != nil {
		tb.Fatal(err)
	}
	dir := filepath.Join(root, filepath.FromSlash(rel))
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		tb.Fatalf("repotest: %s is not a directory in the repository", rel)
	}
	return dir
}
