package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat/dcat"
	"github.com/municat/municat/internal/ckantest"
	"github.com/municat/municat/internal/webtest"
	"github.com/municat/municat/publish"
)

// flowStep is one step of tools/browser/flow.mjs (see its header).
type flowStep struct {
	Do        string `json:"do"`
	Path      string `json:"path,omitempty"`
	Selector  string `json:"selector,omitempty"`
	Value     string `json:"value,omitempty"`
	File      string `json:"file,omitempty"`
	Text      string `json:"text,omitempty"`
	Name      string `json:"name,omitempty"`
	Status    int    `json:"status,omitempty"`
	ExpectURL string `json:"expectURL,omitempty"`
	TimeoutMS int    `json:"timeoutMs,omitempty"`
}

// flowJob is the job file of flow.mjs.
type flowJob struct {
	Base      string     `json:"base"`
	Chromium  string     `json:"chromium"`
	OutDir    string     `json:"outDir"`
	TimeoutMS int        `json:"timeoutMs"`
	Steps     []flowStep `json:"steps"`
}

// flowResult is what flow.mjs found.
type flowResult struct {
	Chromium string `json:"chromium"`
	OK       bool   `json:"ok"`
	Error    string `json:"error"`
	Steps    []struct {
		Step  string `json:"step"`
		OK    bool   `json:"ok"`
		URL   string `json:"url"`
		MS    int    `json:"ms"`
		Error string `json:"error"`
	} `json:"steps"`
	Axe []struct {
		Name       string         `json:"name"`
		URL        string         `json:"url"`
		Status     int            `json:"status"`
		Violations []axeViolation `json:"violations"`
		Version    string         `json:"version"`
	} `json:"axe"`
	ThirdPartyRequests []pageRequest `json:"thirdPartyRequests"`
	ConsoleErrors      []string      `json:"consoleErrors"`
	CSPViolations      []string      `json:"cspViolations"`
}

// runFlow runs tools/browser/flow.mjs with job and returns its result; a
// failed step, an axe violation, a console error, a CSP violation or a
// request to another host fails the test.
func runFlow(t *testing.T, root string, job flowJob) *flowResult {
	t.Helper()
	dir := t.TempDir()
	jobFile, resultFile := filepath.Join(dir, "job.json"), filepath.Join(dir, "result.json")
	b, err := json.MarshalIndent(job, "", "  ")
	must(t, err)
	must(t, os.WriteFile(jobFile, b, 0o600))
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join(root, "tools", "browser", "flow.mjs"), jobFile, resultFile)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1")
	cmd.WaitDelay = 10 * time.Second
	stderr, err := cmd.StderrPipe()
	must(t, err)
	must(t, cmd.Start())
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		t.Log(sc.Text())
	}
	_, _ = io.Copy(io.Discard, stderr)
	err = cmd.Wait()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Errorf("flow.mjs: %v", err)
	}
	raw, err := os.ReadFile(resultFile)
	if err != nil {
		t.Fatalf("flow.mjs wrote no result: %v", err)
	}
	var r flowResult
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("flow.mjs result: %v", err)
	}
	if !r.OK {
		t.Fatalf("flow failed: %s (screenshot: %s)", r.Error, filepath.Join(job.OutDir, "flow-failure-1280.png"))
	}
	for _, a := range r.Axe {
		for _, v := range a.Violations {
			t.Errorf("axe on %s (%s): %s", a.Name, a.URL, v)
		}
	}
	for _, s := range r.ConsoleErrors {
		t.Errorf("console error: %s", s)
	}
	for _, s := range r.CSPViolations {
		t.Errorf("CSP violation: %s", s)
	}
	for _, q := range r.ThirdPartyRequests {
		t.Errorf("request to another host: %s", q)
	}
	return &r
}

// TestPublishingInBrowser is the data officer's afternoon in a real
// Chromium: sign in, create a harvest source and run it, create a dataset,
// upload a CSV, schedule the dataset a minute ahead — it is nowhere to be
// seen (pages, search, API, DCAT catalogue, sitemap, feed) — and then, at its
// minute, everywhere. axe-core checks every administration page on the way.
func TestPublishingInBrowser(t *testing.T) {
	root, chromium := browserTools(t)
	ckan := ckantest.New(t)
	dir := t.TempDir()
	config := mustWriteFile(t, dir, "municat.yaml", "data_dir: "+filepath.Join(dir, "data")+`
organizations:
  - id: stadt-birkenhude
    name: Stadt Birkenhude
    homepage: https://www.birkenhude.example
`)
	const password = "Birken-Hude-2026!"
	stdin = strings.NewReader(password + "\n")
	t.Cleanup(func() { stdin = os.Stdin })
	if r := mustRun(t, env{}, "account", "create", "--config", config, "--id", "rita", "--name", "Rita Redaktion", "--org", "stadt-birkenhude", "--role", "admin"); r.code != 0 {
		t.Fatalf("account create: %s", r.stderr)
	}
	srv := startServe(t, env{}, 60*time.Second, "--config", config)
	shots := filepath.Join(root, "artifacts", "screenshots")
	must(t, os.MkdirAll(shots, 0o755))
	csv := filepath.Join(root, "testdata", "fixtures", "municipal-data", "bietigheim-bissingen.csv")
	if _, err := os.Stat(csv); err != nil {
		t.Fatal(err)
	}

	licence, ok := dcat.LicenseFor("dl-by-de/2.0")
	if !ok {
		t.Fatal("no licence dl-by-de/2.0")
	}
	const title = "Spielplätze in Birkenhude"
	id := publish.Slug(title)
	berlin, err := time.LoadLocation("Europe/Berlin")
	must(t, err)
	// The release minute: at least 75 s ahead, so that the flow is done
	// before it (publish refuses a time that has passed).
	at := time.Now().Add(75 * time.Second).Truncate(time.Minute).Add(time.Minute).In(berlin)
	t.Logf("dataset %s scheduled for %s", id, at.Format(time.RFC3339))

	steps := []flowStep{
		{Do: "goto", Path: "/admin/", Status: http.StatusUnauthorized},
		{Do: "expectText", Text: "Anmelden"},
		{Do: "axe", Name: "admin-login"},
		{Do: "fill", Selector: "input[name=login]", Value: "rita"},
		{Do: "fill", Selector: "input[name=password]", Value: password},
		{Do: "submit", Selector: "form button[type=submit]", ExpectURL: `/admin/$`, Status: http.StatusOK},
		{Do: "axe", Name: "admin-dashboard"},

		{Do: "goto", Path: "/admin/sources/new", Status: http.StatusOK},
		{Do: "axe", Name: "admin-source-new"},
		{Do: "fill", Selector: "input[name=id]", Value: "birkenhude-ckan"},
		{Do: "fill", Selector: "input[name=name]", Value: "CKAN des Landkreises"},
		{Do: "select", Selector: "select[name=type]", Value: "ckan"},
		{Do: "fill", Selector: "input[name=url]", Value: ckan.URL},
		{Do: "fill", Selector: "input[name=schedule_text]", Value: "täglich um 03:00"},
		{Do: "submit", Selector: "button[name=action][value=save]", ExpectURL: `/admin/sources/birkenhude-ckan`},
		{Do: "expectText", Text: "täglich um 03:00"},
		{Do: "axe", Name: "admin-source"},
		{Do: "submit", Selector: "form[action$='/run'] button[type=submit]"},
		{Do: "waitForText", Path: "/admin/sources/birkenhude-ckan/runs", Text: "erfolgreich", TimeoutMS: 40_000},
		{Do: "axe", Name: "admin-runs"},
		{Do: "click", Selector: "main table a[href*='/runs/']", ExpectURL: `/runs/[0-9]{8}T`},
		{Do: "axe", Name: "admin-run"},

		{Do: "goto", Path: "/admin/datasets/new", Status: http.StatusOK},
		{Do: "axe", Name: "admin-dataset-new"},
		{Do: "fill", Selector: "input[name=title_de]", Value: title},
		{Do: "fill", Selector: "textarea[name=description_de]", Value: "Alle öffentlichen Spielplätze mit Lage und Ausstattung."},
		{Do: "fill", Selector: "input[name=keywords]", Value: "Spielplatz, Freizeit"},
		{Do: "check", Selector: "input[name=themes][value=SOCI]"},
		{Do: "select", Selector: "select[name=license]", Value: licence.IRI},
		{Do: "submit", Selector: "form[data-check-url] button[type=submit]", ExpectURL: `/admin/datasets/` + id},
		{Do: "expectText", Text: "Entwurf"},
		{Do: "upload", Selector: "input[name=file]", File: csv},
		{Do: "submit", Selector: "form[enctype='multipart/form-data'] button[type=submit]", ExpectURL: `/admin/datasets/` + id},
		{Do: "expectText", Text: "bietigheim-bissingen.csv"},
		{Do: "check", Selector: "input[name=publication][value=schedule]"},
		{Do: "fill", Selector: "input[name=publish_date]", Value: at.Format("2006-01-02")},
		{Do: "fill", Selector: "input[name=publish_time]", Value: at.Format("15:04")},
		{Do: "submit", Selector: "form[data-check-url] button[type=submit]", ExpectURL: `/admin/datasets/` + id},
		{Do: "expectText", Text: "Geplant"},
		{Do: "axe", Name: "admin-dataset"},
		{Do: "click", Selector: "a[href*='/versions']", ExpectURL: `/versions$`},
		{Do: "axe", Name: "admin-versions"},
	}
	for _, p := range []string{"/admin/datasets", "/admin/sources", "/admin/tokens", "/admin/tokens/new", "/admin/accounts", "/admin/accounts/new", "/admin/audit", "/admin/account"} {
		steps = append(steps, flowStep{Do: "goto", Path: p, Status: http.StatusOK}, flowStep{Do: "axe", Name: "admin" + strings.ReplaceAll(p[len("/admin"):], "/", "-")})
	}
	// Not public before its minute.
	steps = append(steps,
		flowStep{Do: "goto", Path: "/dataset/" + id, Status: http.StatusNotFound},
		flowStep{Do: "goto", Path: "/dataset?q=Spielplätze", Status: http.StatusOK},
		flowStep{Do: "expectNoText", Text: title},
	)
	r := runFlow(t, root, flowJob{Base: srv.base, Chromium: chromium, OutDir: shots, TimeoutMS: int((4 * time.Minute).Milliseconds()), Steps: steps})
	t.Logf("Chromium %s: %d steps, %d pages checked with axe-core", r.Chromium, len(r.Steps), len(r.Axe))
	if time.Now().After(at) {
		t.Fatalf("the flow ended after the release minute %s: the invisibility checks came too late", at.Format(time.TimeOnly))
	}

	// Nowhere before its minute: the machine-readable places too.
	visible := publicPlaces(t, srv.base, id, title)
	for place, seen := range visible {
		if seen {
			t.Errorf("before %s: the scheduled dataset is visible in %s", at.Format(time.TimeOnly), place)
		}
	}
	// At its minute, everywhere (the job runs at the minute boundary; the
	// index follows at once).
	time.Sleep(time.Until(at))
	deadline := at.Add(20 * time.Second)
	for {
		visible = publicPlaces(t, srv.base, id, title)
		missing := []string{}
		for place, seen := range visible {
			if !seen {
				missing = append(missing, place)
			}
		}
		if len(missing) == 0 {
			t.Logf("visible everywhere %s after its minute", time.Since(at).Round(time.Millisecond))
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("20 s after %s the dataset is still missing from %v", at.Format(time.TimeOnly), missing)
		}
		time.Sleep(500 * time.Millisecond)
	}
	runFlow(t, root, flowJob{Base: srv.base, Chromium: chromium, OutDir: shots, TimeoutMS: 60_000, Steps: []flowStep{
		{Do: "goto", Path: "/dataset?q=Spielplätze", Status: http.StatusOK},
		{Do: "expectText", Text: title},
		{Do: "goto", Path: "/dataset/" + id, Status: http.StatusOK},
		{Do: "expectText", Text: title},
		{Do: "axe", Name: "dataset-published"},
	}})
}

// publicPlaces reports where the dataset can be seen by anyone: its page,
// the search page, the JSON API (record and search), the DCAT catalogue,
// the sitemap and the feed.
func publicPlaces(t *testing.T, base, id, title string) map[string]bool {
	t.Helper()
	get := func(path string) (int, string) {
		resp, body := webtest.MustGet(t, base+path)
		return resp.StatusCode, string(body)
	}
	out := map[string]bool{}
	status, _ := get("/dataset/" + id)
	out["page"] = status == http.StatusOK
	_, body := get("/dataset?q=Spielpl%C3%A4tze")
	out["search page"] = strings.Contains(body, title)
	status, _ = get("/api/v1/datasets/" + id)
	out["API record"] = status == http.StatusOK
	_, body = get("/api/v1/datasets?q=Spielpl%C3%A4tze")
	out["API search"] = strings.Contains(body, `"`+id+`"`)
	_, body = get("/catalog.ttl?per_page=100")
	out["DCAT catalogue"] = strings.Contains(body, "/dataset/"+id+">")
	_, body = get("/sitemap-datasets-1.xml")
	out["sitemap"] = strings.Contains(body, "/dataset/"+id+"<")
	_, body = get("/feeds/datasets.atom")
	out["feed"] = strings.Contains(body, "/dataset/"+id)
	status, _ = get("/dataset/" + id + ".ttl")
	out["DCAT record"] = status == http.StatusOK
	return out
}
