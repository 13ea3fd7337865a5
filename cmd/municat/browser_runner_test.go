package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat/internal/repotest"
)

// This file runs tools/browser/run.mjs (Chromium driven by playwright-core,
// with axe-core) from Go tests: the job and result types, finding the tools,
// and TestBrowserRunnerCatchesProblems, which proves that the runner reports
// what it is meant to catch. tools/browser/README.md describes the checks.

// browserEnvRequire names the environment variable that turns a missing
// browser toolchain from a skip into a failure when set to "1" (CI sets it).
const browserEnvRequire = "MUNICAT_REQUIRE_BROWSER"

// browserInstall tells how to install the browser toolchain.
const browserInstall = "scripts/install-browser.sh (Debian's chromium via apt-get, npm ci in tools/browser)"

// browserTimeout bounds one run of tools/browser/run.mjs; the runner's own
// limit (browserJob.TimeoutMS) is shorter, so it normally reports first.
const browserTimeout = 9 * time.Minute

// browserPage is one page the runner checks.
type browserPage struct {
	// Name names the page in the report and its screenshots
	// ({Name}-1280.png, {Name}-390.png).
	Name string `json:"name"`
	// Path is the path and query below the base URL, e.g. "/dataset?lang=en".
	Path string `json:"path"`
}

// walkStep is one step of the keyboard-only walk: press Tab until the
// focused element matches Selector, then act.
type walkStep struct {
	// Selector is a CSS selector the focused element must match.
	Selector string `json:"selector"`
	// Action is "type" (type Text, then press Enter), "enter" (press Enter)
	// or "focus" (only reach the element; a link must have a non-empty href).
	Action string `json:"action"`
	// Text is what "type" types.
	Text string `json:"text,omitempty"`
	// ExpectURL is a regular expression (JavaScript syntax) the full URL must
	// match after Enter; empty means any navigation will do.
	ExpectURL string `json:"expectURL,omitempty"`
}

// browserWalk is the keyboard-only walk.
type browserWalk struct {
	// Start is the path the walk begins at.
	Start string `json:"start"`
	// Steps are done in order; the walk stops at the first that fails.
	Steps []walkStep `json:"steps"`
}

// browserJob is the job file of tools/browser/run.mjs.
type browserJob struct {
	// Base is the site's base URL; every request to another host:port is a
	// third-party request.
	Base string `json:"base"`
	// OutDir receives the screenshots.
	OutDir string `json:"outDir"`
	// Chromium is the browser executable.
	Chromium string `json:"chromium"`
	// Pages are the pages to check.
	Pages []browserPage `json:"pages"`
	// Walk is the keyboard-only walk; nil for none.
	Walk *browserWalk `json:"walk,omitempty"`
	// Concurrency is how many pages are checked at once (0: the runner's
	// default, 2).
	Concurrency int `json:"concurrency,omitempty"`
	// TimeoutMS bounds the whole run in milliseconds (0: the runner's
	// default, 6 minutes); keep it below browserTimeout.
	TimeoutMS int `json:"timeoutMs,omitempty"`
}

// axeViolation is one axe-core rule a page breaks.
type axeViolation struct {
	ID        string `json:"id"`
	Impact    string `json:"impact"`
	Help      string `json:"help"`
	HelpURL   string `json:"helpUrl"`
	NodeCount int    `json:"nodeCount"`
	// Nodes are the first five offending elements.
	Nodes []struct {
		Target []string `json:"target"`
		HTML   string   `json:"html"`
	} `json:"nodes"`
	// Viewport is the width it was found at, "1280" or "390".
	Viewport string `json:"viewport"`
}

// String describes v on one line plus one line per node.
func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "axe %s (%s, %d px, %d elements): %s", v.ID, v.Impact, atoiOr(v.Viewport), v.NodeCount, v.Help)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n      %s  %s", strings.Join(n.Target, " "), n.HTML)
	}
	return b.String()
}

// atoiOr returns s as a number, 0 if it is none.
func atoiOr(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}

// pageRequest is a request the runner reports: a third-party or a failed one.
type pageRequest struct {
	URL      string `json:"url"`
	Type     string `json:"type,omitempty"`
	Status   int    `json:"status,omitempty"`
	Error    string `json:"error,omitempty"`
	Viewport string `json:"viewport"`
}

// String describes r on one line.
func (r pageRequest) String() string {
	s := r.URL
	if r.Status != 0 {
		s += fmt.Sprintf(" status %d", r.Status)
	}
	if r.Error != "" {
		s += " " + r.Error
	}
	return s + " (" + r.Viewport + " px)"
}

// pageResult is what the runner found on one page.
type pageResult struct {
	Name string `json:"name"`
	Path string `json:"path"`
	// Status is the HTTP status of the page itself (desktop load).
	Status             int            `json:"status"`
	Violations         []axeViolation `json:"violations"`
	ThirdPartyRequests []pageRequest  `json:"thirdPartyRequests"`
	ConsoleErrors      []string       `json:"consoleErrors"`
	CSPViolations      []string       `json:"cspViolations"`
	// FailedRequests are subresources that failed or answered >= 400.
	FailedRequests []pageRequest `json:"failedRequests"`
	// Bytes is what the page and its subresources took on the wire
	// (headers included, compressed as sent), Requests how many there were.
	Bytes    int64 `json:"bytes"`
	Requests int   `json:"requests"`
	// NoJS is what the page shows with JavaScript disabled.
	NoJS struct {
		Status int    `json:"status"`
		H1     bool   `json:"h1"`
		Main   bool   `json:"main"`
		H1Text string `json:"h1Text"`
	} `json:"noJS"`
	Screenshots []string `json:"screenshots"`
	// Axe says how often axe ran on the page (2 when both widths worked).
	Axe struct {
		Runs    int    `json:"runs"`
		Version string `json:"version"`
	} `json:"axe"`
	// Error is set when the page could not be checked (e.g. a timeout).
	Error string `json:"error"`
}

// walkResult is the outcome of the keyboard-only walk.
type walkResult struct {
	OK    bool   `json:"ok"`
	Error string `json:"error"`
	Steps []struct {
		Selector string `json:"selector"`
		Action   string `json:"action"`
		OK       bool   `json:"ok"`
		Tabs     int    `json:"tabs"`
		Focused  string `json:"focused"`
		URL      string `json:"url"`
		Href     string `json:"href"`
		Error    string `json:"error"`
	} `json:"steps"`
	// FocusWithoutIndicator are focus stops with neither an outline nor a
	// box-shadow.
	FocusWithoutIndicator []struct {
		Step    int    `json:"step"`
		URL     string `json:"url"`
		Element string `json:"element"`
		Style   string `json:"style"`
	} `json:"focusWithoutIndicator"`
}

// browserResult is the result file of tools/browser/run.mjs.
type browserResult struct {
	Chromium   string       `json:"chromium"`
	Axe        string       `json:"axe"`
	DurationMS int64        `json:"durationMs"`
	Pages      []pageResult `json:"pages"`
	Walk       *walkResult  `json:"walk"`
	// Error is set when the run itself failed (browser did not start,
	// overall timeout).
	Error string `json:"error"`
}

// page returns the result of the page named name, or nil.
func (r *browserResult) page(name string) *pageResult {
	for i := range r.Pages {
		if r.Pages[i].Name == name {
			return &r.Pages[i]
		}
	}
	return nil
}

// browserTools returns the repository root and Chromium's path. It skips
// the test when Chromium, node or tools/browser/node_modules is missing,
// or fails it when MUNICAT_REQUIRE_BROWSER=1.
func browserTools(t *testing.T) (root, chromium string) {
	t.Helper()
	root, err := repotest.Root()
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			chromium = p
			break
		}
	}
	if chromium == "" {
		missing = append(missing, "chromium not found in PATH")
	}
	if _, err := exec.LookPath("node"); err != nil {
		missing = append(missing, "node not found in PATH")
	}
	for _, mod := range []string{"playwright-core", "axe-core"} {
		if _, err := os.Stat(filepath.Join(root, "tools", "browser", "node_modules", mod, "package.json")); err != nil {
			missing = append(missing, "tools/browser/node_modules/"+mod+" missing")
		}
	}
	if len(missing) > 0 {
		msg := fmt.Sprintf("browser test: %s; run %s", strings.Join(missing, ", "), browserInstall)
		if os.Getenv(browserEnvRequire) == "1" {
			t.Fatal(msg)
		}
		t.Skipf("%s (set %s=1 to fail instead of skipping)", msg, browserEnvRequire)
	}
	return root, chromium
}

// runBrowser writes job to a temporary file, runs tools/browser/run.mjs on
// it with its progress lines in the test log, and returns the result. A run
// that fails as a whole (no result, or result.Error) fails the test.
func runBrowser(t *testing.T, root string, job browserJob) *browserResult {
	t.Helper()
	dir := t.TempDir()
	jobFile := filepath.Join(dir, "job.json")
	resultFile := filepath.Join(dir, "result.json")
	b, err := json.MarshalIndent(job, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(jobFile, b, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join(root, "tools", "browser", "run.mjs"), jobFile, resultFile)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1")
	cmd.WaitDelay = 10 * time.Second
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			t.Log(sc.Text())
		}
		_, _ = io.Copy(io.Discard, stderr)
	}()
	<-done
	err = cmd.Wait()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		// Exit status 1 means "problems found", which the caller judges.
		t.Errorf("run.mjs: %v after %s", err, time.Since(start).Round(time.Second))
	}
	raw, rerr := os.ReadFile(resultFile)
	if rerr != nil {
		t.Fatalf("run.mjs wrote no result: %v", rerr)
	}
	var r browserResult
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("run.mjs result: %v\n%s", err, raw)
	}
	if r.Error != "" {
		t.Fatalf("run.mjs: %s", r.Error)
	}
	return &r
}

// badSite serves the pages TestBrowserRunnerCatchesProblems checks, under a
// CSP like municat's but allowing images from anywhere, so that the
// external image is requested (and so reported) rather than blocked.
func badSite() http.Handler {
	const csp = "default-src 'none'; style-src 'self'; img-src * data:; script-src 'self'; form-action 'self'; base-uri 'none'"
	page := func(title, body string) string {
		return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>` + title +
			`</title><link rel="stylesheet" href="/style.css"><link rel="icon" href="data:,"></head><body><main><h1>` +
			title + `</h1>` + body + `</main></body></html>`
	}
	pages := map[string]string{
		// Nothing wrong here: the runner must report nothing.
		"/good": page("Good page", `<p>Fine. <a href="/next">Next</a></p>`),
		// An image without alt (axe image-alt), an external image (third
		// party), an inline script (CSP), a missing image (failed request,
		// status 404) and a script that throws (console error).
		"/bad": page("Bad page", `<img src="/pixel.png"><img src="http://example.invalid/x.png" alt="external">`+
			`<img src="/missing.png" alt="missing"><script>document.title = "inline ran";</script>`+
			`<script src="/throw.js"></script>`),
		// 150 KB on the wire.
		"/heavy": page("Heavy page", `<img src="/big.png" alt="big">`),
		// Only JavaScript puts the heading in.
		"/jsonly": `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>JS only</title></head><body>` +
			`<script src="/build.js"></script></body></html>`,
		// A link whose focus is invisible, then nothing the walk looks for.
		"/walk": page("Walk", `<p><a href="/good">first</a> <a class="nofocus" href="/next">no ring</a></p>`),
		"/next": page("Next", `<p><a href="/good">back</a></p>`),
	}
	pixel := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
		"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		switch r.URL.Path {
		case "/style.css":
			w.Header().Set("Content-Type", "text/css")
			io.WriteString(w, "body{font-family:sans-serif;color:#000;background:#fff} a{color:#00e} a.nofocus:focus{outline:none}\n")
		case "/pixel.png":
			w.Header().Set("Content-Type", "image/png")
			w.Write(pixel)
		case "/big.png":
			w.Header().Set("Content-Type", "image/png")
			big := make([]byte, 150*1024)
			copy(big, pixel)
			w.Write(big)
		case "/throw.js":
			w.Header().Set("Content-Type", "text/javascript")
			io.WriteString(w, "throw new Error('deliberate failure');\n")
		case "/build.js":
			w.Header().Set("Content-Type", "text/javascript")
			io.WriteString(w, "document.body.insertAdjacentHTML('afterbegin', '<main><h1>Made by script</h1></main>');\n")
		default:
			body, ok := pages[r.URL.Path]
			if !ok {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, body)
		}
	})
}

// TestBrowserRunnerCatchesProblems proves the harness can fail: it points
// tools/browser/run.mjs at deliberately broken pages on a local server and
// checks that each problem is reported, and that a sound page is reported
// clean (so the checks of TestCitizenPagesInBrowser mean something).
func TestBrowserRunnerCatchesProblems(t *testing.T) {
	root, chromium := browserTools(t)
	srv := httptest.NewServer(badSite())
	defer srv.Close()
	job := browserJob{
		Base:     srv.URL,
		OutDir:   t.TempDir(),
		Chromium: chromium,
		Pages: []browserPage{
			{Name: "good", Path: "/good"},
			{Name: "bad", Path: "/bad"},
			{Name: "heavy", Path: "/heavy"},
			{Name: "jsonly", Path: "/jsonly"},
			{Name: "missing", Path: "/missing"},
		},
		Walk: &browserWalk{Start: "/walk", Steps: []walkStep{
			{Selector: "a.nofocus", Action: "enter", ExpectURL: `/next$`},
			{Selector: "#never", Action: "enter"},
		}},
		TimeoutMS: 3 * 60 * 1000,
	}
	r := runBrowser(t, root, job)

	good := r.page("good")
	if good == nil || good.Status != 200 || good.Error != "" || good.Axe.Runs != 2 || len(good.Violations)+len(good.ThirdPartyRequests)+
		len(good.ConsoleErrors)+len(good.CSPViolations)+len(good.FailedRequests) != 0 || !good.NoJS.H1 || !good.NoJS.Main {
		t.Errorf("good page: want status 200, axe run twice and nothing reported, got %+v", good)
	}
	for _, shot := range good.Screenshots {
		if fi, err := os.Stat(shot); err != nil || fi.Size() < 1000 {
			t.Errorf("screenshot %s: %v", shot, err)
		}
	}
	if good != nil && len(good.Screenshots) != 2 {
		t.Errorf("good page: screenshots %v, want 2", good.Screenshots)
	}

	bad := r.page("bad")
	if bad == nil {
		t.Fatal("no result for the bad page")
	}
	if !hasViolation(bad.Violations, "image-alt", "1280") || !hasViolation(bad.Violations, "image-alt", "390") {
		t.Errorf("bad page: want axe image-alt at both widths, got %v", bad.Violations)
	}
	if !anyRequest(bad.ThirdPartyRequests, "example.invalid/x.png") {
		t.Errorf("bad page: third-party requests %v, want http://example.invalid/x.png", bad.ThirdPartyRequests)
	}
	if !anyString(bad.CSPViolations, "script-src") {
		t.Errorf("bad page: CSP violations %q, want the inline script blocked by script-src", bad.CSPViolations)
	}
	if !anyFailed(bad.FailedRequests, "/missing.png", 404) {
		t.Errorf("bad page: failed requests %v, want /missing.png with status 404", bad.FailedRequests)
	}
	if !anyString(bad.ConsoleErrors, "deliberate failure") {
		t.Errorf("bad page: console errors %q, want the thrown error", bad.ConsoleErrors)
	}

	if heavy := r.page("heavy"); heavy == nil || heavy.Bytes < 150*1024 || heavy.Requests < 3 {
		t.Errorf("heavy page: want ≥ 150 KB in ≥ 3 requests, got %+v", heavy)
	}
	if js := r.page("jsonly"); js == nil || js.NoJS.H1 || js.NoJS.Main || js.Status != 200 {
		t.Errorf("JS-only page: want no h1 and no main without JavaScript, got %+v", js)
	}
	if m := r.page("missing"); m == nil || m.Status != 404 {
		t.Errorf("missing page: want status 404 reported, got %+v", m)
	}

	w := r.Walk
	switch {
	case w == nil:
		t.Error("no walk result")
	case w.OK || len(w.Steps) != 2 || !w.Steps[0].OK || w.Steps[1].OK:
		t.Errorf("walk: want step 1 ok and step 2 failed, got %+v", w)
	case !strings.Contains(w.Error, "#never") || !strings.Contains(w.Error, "not reached") || !strings.Contains(w.Error, "last focused"):
		t.Errorf("walk error %q: want it to name the selector and the last focused elements", w.Error)
	case len(w.FocusWithoutIndicator) != 1 || !strings.Contains(w.FocusWithoutIndicator[0].Element, "nofocus"):
		t.Errorf("walk: focus stops without indicator %+v, want exactly a.nofocus", w.FocusWithoutIndicator)
	}
	t.Logf("runner self-test: Chromium %s, axe-core %s, %d ms", r.Chromium, r.Axe, r.DurationMS)
}

// hasViolation reports whether vs holds rule id found at viewport.
func hasViolation(vs []axeViolation, id, viewport string) bool {
	for _, v := range vs {
		if v.ID == id && v.Viewport == viewport {
			return true
		}
	}
	return false
}

// anyRequest reports whether a request URL in rs contains part.
func anyRequest(rs []pageRequest, part string) bool {
	for _, r := range rs {
		if strings.Contains(r.URL, part) {
			return true
		}
	}
	return false
}

// anyFailed reports whether a request in rs whose URL contains part
// answered status.
func anyFailed(rs []pageRequest, part string, status int) bool {
	for _, r := range rs {
		if strings.Contains(r.URL, part) && r.Status == status {
			return true
		}
	}
	return false
}

// anyString reports whether a string in ss contains part.
func anyString(ss []string, part string) bool {
	for _, s := range ss {
		if strings.Contains(s, part) {
			return true
		}
	}
	return false
}
