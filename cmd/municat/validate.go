package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/harvester"
	hdcat "github.com/municat/municat/harvester/dcat"
	"github.com/municat/municat/rdf"
)

// validateClient returns the harvest client for `municat validate`: the
// operator names the URL on the command line, so every network is allowed
// (only the cloud metadata service and the like stay refused, see
// harvester.CheckAddr).
func validateClient() *http.Client {
	everything := []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0")}
	return harvester.NewHTTPClientWith(&harvester.Transport{AllowNets: everything})
}

// cmdValidate checks every dataset of a DCAT catalogue, from a file or a
// URL, against DCAT-AP.de and prints the problems in German. It returns
// exitOK when there is no violation, exitFailed when there is one, and
// exitUsage for a wrong command line or a catalogue it cannot read.
func cmdValidate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	set := flag.NewFlagSet("validate", flag.ContinueOnError)
	set.SetOutput(stderr)
	allPages := set.Bool("all-pages", false, "follow the Hydra next pages of a URL to the end")
	if err := set.Parse(args); err != nil {
		return exitUsage
	}
	if set.NArg() != 1 {
		fmt.Fprintln(stderr, "municat: validate needs exactly 1 argument: FILE|URL")
		return exitUsage
	}
	target := set.Arg(0)
	isURL := strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://")
	if *allPages && !isURL {
		fmt.Fprintln(stderr, "municat: --all-pages gilt nur für Web-Adressen, nicht für Dateien")
		return exitUsage
	}
	r := &validationReport{w: stdout}
	var err error
	switch {
	case !isURL:
		var p *hdcat.CatalogPage
		if p, err = readCatalogFile(target); err == nil {
			r.page(p)
		}
	case *allPages:
		f := &hdcat.Fetcher{Client: validateClient()}
		err = f.Walk(ctx, target, func(p *hdcat.CatalogPage) error { r.page(p); return nil })
	default:
		f := &hdcat.Fetcher{Client: validateClient()}
		var p *hdcat.CatalogPage
		if p, err = f.Page(ctx, target); err == nil {
			r.page(p)
			if p.Next != "" {
				r.next = p.Next
			}
		}
	}
	if err == nil && r.datasets == 0 {
		err = municat.Errorf(municat.EINVALID, "%s enthält keinen Datensatz (dcat:Dataset)", target)
	}
	if err != nil {
		fmt.Fprintln(stderr, "municat:", oneLine(err))
		return exitUsage
	}
	r.summary()
	if r.violations > 0 {
		return exitFailed
	}
	return exitOK
}

// readCatalogFile reads and parses an RDF file; its format comes from the
// extension, else from its first bytes.
func readCatalogFile(name string) (*hdcat.CatalogPage, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, municat.Errorf(municat.EINVALID, "Die Datei %s lässt sich nicht öffnen: %v", name, errors.Unwrap(err))
	}
	defer f.Close()
	body, err := io.ReadAll(io.LimitReader(f, harvester.DefaultMaxBytes+1))
	if err != nil {
		return nil, municat.Errorf(municat.EINVALID, "Die Datei %s lässt sich nicht lesen: %v", name, err)
	}
	if int64(len(body)) > harvester.DefaultMaxBytes {
		return nil, municat.Errorf(municat.ETOOLARGE, "Die Datei %s ist größer als %d MiB", name, harvester.DefaultMaxBytes>>20)
	}
	abs, err := filepath.Abs(name)
	if err != nil {
		abs = name
	}
	return hdcat.ParsePage(body, "", "file://"+filepath.ToSlash(abs))
}

// oneLine returns the message of err for the user on one line.
func oneLine(err error) string {
	msg := municat.ErrorMessage(err)
	var me *municat.Error
	if !errors.As(err, &me) {
		msg = err.Error()
	}
	return strings.Join(strings.Fields(msg), " ")
}

// validationReport prints the problems of each dataset and counts them.
type validationReport struct {
	w                    io.Writer
	datasets, flawed     int
	violations, warnings int
	next                 string // the next page not checked, if any
}

// page prints the datasets of one page.
func (r *validationReport) page(p *hdcat.CatalogPage) {
	for _, rec := range dcat.Import(p.Graph) {
		r.dataset(p, rec)
	}
}

func (r *validationReport) dataset(p *hdcat.CatalogPage, rec dcat.Record) {
	r.datasets++
	d := rec.Dataset
	title := d.Title.String()
	if title == "" {
		title = "(ohne Titel)"
	}
	fmt.Fprintf(r.w, "%d. %s\n", r.datasets, title)
	if len(p.Graph.About(rdf.IRI(rec.IRI))) == 0 {
		fmt.Fprintln(r.w, "   IRI: keine (leerer Knoten); ohne IRI kann ein Harvester den Datensatz nicht wiedererkennen")
	} else {
		fmt.Fprintf(r.w, "   IRI: %s\n", rec.IRI)
	}
	problems := dcat.Check(&d, nil)
	if len(problems) == 0 {
		fmt.Fprintln(r.w, "   keine Probleme")
	}
	bad := false
	for _, pr := range problems {
		label := "Hinweis"
		if pr.Severity == dcat.Violation {
			label, bad = "Fehler ", true
			r.violations++
		} else {
			r.warnings++
		}
		fmt.Fprintf(r.w, "   %s  %s: %s\n", label, pr.Field, pr.Message)
	}
	if bad {
		r.flawed++
	}
	fmt.Fprintln(r.w)
}

// summary prints the closing line.
func (r *validationReport) summary() {
	if r.next != "" {
		fmt.Fprintf(r.w, "Der Katalog hat weitere Seiten (nächste: %s); geprüft wurde nur die erste. Mit --all-pages werden alle Seiten geprüft.\n", r.next)
	}
	fmt.Fprintf(r.w, "Ergebnis: %s geprüft, %d mit Fehlern; %s, %s.\n",
		plural(r.datasets, "Datensatz", "Datensätze"), r.flawed, plural(r.violations, "Fehler", "Fehler"), plural(r.warnings, "Hinweis", "Hinweise"))
}

// plural writes n with the singular or plural noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
