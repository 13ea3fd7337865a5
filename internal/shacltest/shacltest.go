// Package shacltest checks RDF files against the official DCAT-AP 3.0.0 and
// DCAT-AP.de 3.0 SHACL shapes, so that tests can prove municat's DCAT output
// is what GovData and data.europa.eu expect.
//
// It runs the Node tool tools/shacl/validate.mjs (rdf-validate-shacl with the
// shapes and vocabularies of testdata/standards, all offline) and parses its
// JSON report:
//
//	r := shacltest.Validate(t, shacltest.ProfileDCATAPDE, "out.ttl")
//	if r.Violations > 0 {
//		t.Error(r.FormatViolations())
//	}
//
// Without node or without tools/shacl/node_modules (scripts/install-shacl.sh
// installs them) the tests are skipped, or fail if MUNICAT_REQUIRE_SHACL=1,
// as CI sets it.
package shacltest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/municat/municat/internal/repotest"
)

// The validation profiles of tools/shacl/validate.mjs.
const (
	// ProfileDCATAP is SEMIC's consolidated DCAT-AP 3.0.0 shapes (the
	// 2024-06-17 file) with the vocabularies merged into the data graph.
	ProfileDCATAP = "dcat-ap-3.0.0"
	// ProfileDCATAPDE is ProfileDCATAP plus the four DCAT-AP.de 3.0 shape
	// files, as GovData's validator composes them ("v30_de_spec").
	ProfileDCATAPDE = "dcat-ap.de-3.0"
)

// Timeout bounds one run of the validator.
const Timeout = 2 * time.Minute

// EnvRequire names the environment variable that turns a missing validator
// from a skip into a test failure when set to "1".
const EnvRequire = "MUNICAT_REQUIRE_SHACL"

// Install tells how to install the validator's dependencies.
const Install = "scripts/install-shacl.sh (npm ci in tools/shacl)"

// errUsage marks a failure of the validator itself (exit status 2): an
// unreadable or invalid file, an unknown profile.
var errUsage = errors.New("validator refused the input")

// Validate checks files (Turtle .ttl, N-Triples .nt, RDF/XML .rdf or JSON-LD
// .jsonld, merged into one data graph) against profile and returns the
// report. Relative paths are relative to the test's working directory. A
// file the validator cannot read fails the test; a missing validator skips
// it (see EnvRequire).
func Validate(tb testing.TB, profile string, files ...string) *Report {
	tb.Helper()
	root, err := available()
	if err != nil {
		unavailable(tb, err)
		return nil
	}
	r, err := run(root, profile, files)
	if err != nil {
		tb.Fatalf("shacltest: %v", err)
	}
	return r
}

// ValidateData writes data to a temporary file with the extension ext
// (".ttl", ".nt", ".rdf" or ".jsonld") and validates it like Validate.
func ValidateData(tb testing.TB, profile, ext string, data []byte) *Report {
	tb.Helper()
	name := filepath.Join(tb.TempDir(), "data"+ext)
	if err := os.WriteFile(name, data, 0o644); err != nil {
		tb.Fatalf("shacltest: %v", err)
	}
	return Validate(tb, profile, name)
}

// MustConform validates files like Validate and marks the test failed,
// listing the violations, unless there are none. Warnings are allowed.
func MustConform(tb testing.TB, profile string, files ...string) *Report {
	tb.Helper()
	r := Validate(tb, profile, files...)
	if r != nil && r.Violations > 0 {
		tb.Errorf("shacltest: %s: %d violation(s):\n%s", profile, r.Violations, r.FormatViolations())
	}
	return r
}

// unavailable skips the test because the validator cannot run, or fails it
// when EnvRequire is set.
func unavailable(tb testing.TB, err error) {
	tb.Helper()
	if os.Getenv(EnvRequire) == "1" {
		tb.Fatalf("shacltest: %v", err)
		return
	}
	tb.Skipf("shacltest: %v (set %s=1 to fail instead of skipping)", err, EnvRequire)
}

// available returns the repository root if node and the validator's
// node_modules are there, else an error saying what is missing.
func available() (string, error) {
	root, err := repotest.Root()
	if err != nil {
		return "", err
	}
	if _, err := exec.LookPath("node"); err != nil {
		return "", fmt.Errorf("node not found in PATH; install Node.js and run %s", Install)
	}
	mod := filepath.Join(root, "tools", "shacl", "node_modules", "rdf-validate-shacl")
	if _, err := os.Stat(mod); err != nil {
		return "", fmt.Errorf("tools/shacl/node_modules is missing; run %s", Install)
	}
	return root, nil
}

// run executes validate.mjs from the repository root and parses its report.
func run(root, profile string, files []string) (*Report, error) {
	if len(files) == 0 {
		return nil, errors.New("no file to validate")
	}
	args := []string{filepath.Join(root, "tools", "shacl", "validate.mjs"), "--json", "--profile", profile, "--"}
	for _, f := range files {
		abs, err := filepath.Abs(f)
		if err != nil {
			return nil, err
		}
		args = append(args, abs)
	}
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = root
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("validator timed out after %v", Timeout)
	}
	var exit *exec.ExitError
	switch {
	case err == nil, errors.As(err, &exit) && exit.ExitCode() == 1:
		r, perr := parseReport(stdout.Bytes())
		if perr != nil {
			return nil, fmt.Errorf("%v (stderr: %s)", perr, bytes.TrimSpace(stderr.Bytes()))
		}
		return r, nil
	case errors.As(err, &exit) && exit.ExitCode() == 2:
		return nil, fmt.Errorf("%w: %s", errUsage, bytes.TrimSpace(stderr.Bytes()))
	default:
		return nil, fmt.Errorf("running node: %v: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
}
