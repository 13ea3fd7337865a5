package shacltest

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Severities of a Result, as SHACL names them without the sh: prefix.
const (
	Violation = "Violation"
	Warning   = "Warning"
	Info      = "Info"
)

// Report is the outcome of one validation run.
type Report struct {
	// Profile is the profile validated against.
	Profile string `json:"profile"`
	// Conforms is true when there is no violation; warnings and infos do
	// not count (as in GovData's validator report).
	Conforms bool `json:"conforms"`
	// Violations, Warnings and Infos count the results per severity.
	Violations int `json:"violations"`
	Warnings   int `json:"warnings"`
	Infos      int `json:"infos"`
	// Results are sorted by severity, focus node, path, shape, value.
	Results []Result `json:"results"`
}

// Result is one SHACL validation result. Terms are written as strings: an
// IRI as itself, a blank node as "_:label", a literal in N-Triples syntax
// ("\"text\"", "\"text\"@de", "\"5\"^^<…#integer>"); empty when absent.
type Result struct {
	// Severity is Violation, Warning or Info.
	Severity string `json:"severity"`
	// Focus is the node that failed the shape.
	Focus string `json:"focus"`
	// Path is the property path (an IRI for the simple paths the DCAT-AP
	// shapes use).
	Path string `json:"path"`
	// Value is the offending value, if the result names one.
	Value string `json:"value"`
	// Shape is the source shape (an IRI, or a blank node for the inline
	// node shapes of the DCAT-AP.de vocabulary checks).
	Shape string `json:"shape"`
	// Component is the IRI of the SHACL constraint component, e.g.
	// http://www.w3.org/ns/shacl#MinCountConstraintComponent.
	Component string `json:"component"`
	// Message is the shape's message (German for DCAT-AP.de shapes, else
	// English) or a generated explanation.
	Message string `json:"message"`
}

// parseReport decodes the JSON report of validate.mjs and checks that its
// counts match its results.
func parseReport(data []byte) (*Report, error) {
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("reading validator report: %v", err)
	}
	var n [3]int
	for _, res := range r.Results {
		switch res.Severity {
		case Violation:
			n[0]++
		case Warning:
			n[1]++
		case Info:
			n[2]++
		default:
			return nil, fmt.Errorf("validator report: unknown severity %q", res.Severity)
		}
	}
	if n != [3]int{r.Violations, r.Warnings, r.Infos} || r.Conforms != (r.Violations == 0) {
		return nil, fmt.Errorf("validator report: counts %d/%d/%d (conforms=%v) do not match its %d results",
			r.Violations, r.Warnings, r.Infos, r.Conforms, len(r.Results))
	}
	return &r, nil
}

// Filter returns the results of the given severity.
func (r *Report) Filter(severity string) []Result {
	var out []Result
	for _, res := range r.Results {
		if res.Severity == severity {
			out = append(out, res)
		}
	}
	return out
}

// Find returns the results of the given severity whose path is path (any
// path if empty) and whose message contains msg (any message if empty).
func (r *Report) Find(severity, path, msg string) []Result {
	var out []Result
	for _, res := range r.Filter(severity) {
		if (path == "" || res.Path == path) && strings.Contains(res.Message, msg) {
			out = append(out, res)
		}
	}
	return out
}

// FormatViolations lists the violations, one block per result, for a test
// failure message.
func (r *Report) FormatViolations() string {
	return format(r.Filter(Violation))
}

// String lists all results and a summary line.
func (r *Report) String() string {
	return fmt.Sprintf("%sconforms=%v violations=%d warnings=%d infos=%d",
		format(r.Results), r.Conforms, r.Violations, r.Warnings, r.Infos)
}

func format(results []Result) string {
	var b strings.Builder
	for _, res := range results {
		fmt.Fprintf(&b, "%s focus=%s path=%s", strings.ToUpper(res.Severity), res.Focus, orDash(res.Path))
		if res.Value != "" {
			fmt.Fprintf(&b, " value=%s", res.Value)
		}
		fmt.Fprintf(&b, "\n    %s\n    shape=%s\n", res.Message, res.Shape)
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
