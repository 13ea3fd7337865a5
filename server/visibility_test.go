package server_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/server"
)

// TestUnreleasedIsNotFound: every public read route answers 404 for a
// draft or scheduled dataset, and for a scheduled file version, to the
// public and to other organisations; the organisation's editors see them
// (the preview), uncached.
func TestUnreleasedIsNotFound(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	routes := []struct {
		name   string
		target func(id string) string
		header []string
	}{
		{"dataset", func(id string) string { return "/api/v1/datasets/" + id }, nil},
		{"download", func(id string) string { return "/api/v1/datasets/" + id + "/distributions/csv/download" }, nil},
		{"versions", func(id string) string { return "/api/v1/datasets/" + id + "/distributions/csv/versions" }, nil},
		{"version download", func(id string) string {
			return "/api/v1/datasets/" + id + "/distributions/csv/versions/0123456789abcdef/download"
		}, nil},
		{"validation", func(id string) string { return "/api/v1/datasets/" + id + "/validation" }, nil},
		{"rdf by extension", func(id string) string { return "/dataset/" + id + ".ttl" }, nil},
		{"rdf by accept", func(id string) string { return "/dataset/" + id }, []string{"Accept", "application/ld+json"}},
	}
	for _, id := range []string{draftID, scheduledID} {
		for _, r := range routes {
			t.Run(id+" "+r.name, func(t *testing.T) {
				target := r.target(id)
				// As for an unknown id: the RDF route then takes the whole
				// segment for the id (ids may contain dots).
				unknown := id
				if strings.HasSuffix(target, ".ttl") {
					unknown += ".ttl"
				}
				for _, token := range []string{"", "b-admin"} {
					p := e.MustProblem(t, request{method: http.MethodGet, target: target, token: token, header: r.header}, http.StatusNotFound)
					if p.Detail != fmt.Sprintf("Datensatz %q nicht gefunden.", unknown) {
						t.Errorf("%q: detail %q reads unlike an unknown id", token, p.Detail)
					}
				}
				for _, token := range []string{"a-editor", "a-admin"} {
					resp, body := e.do(t, request{method: http.MethodGet, target: target, token: token, header: r.header})
					if resp.StatusCode != http.StatusOK {
						t.Errorf("%s: status %d: %s", token, resp.StatusCode, body)
					}
					if cc := resp.Header.Get("Cache-Control"); cc != "private, no-store" {
						t.Errorf("%s: Cache-Control %q", token, cc)
					}
				}
			})
		}
	}
	// Search and the catalogue list published datasets only, whoever asks.
	for _, token := range []string{"", "a-editor"} {
		var res server.SearchResponse
		e.MustStatus(t, request{method: http.MethodGet, target: "/api/v1/datasets?per_page=100", token: token}, http.StatusOK, &res)
		var ids []string
		for _, item := range res.Items {
			ids = append(ids, item.ID)
		}
		if fmt.Sprint(ids) != "[baeume spaeter]" && fmt.Sprint(ids) != "[spaeter baeume]" {
			t.Errorf("search as %q: %v", token, ids)
		}
		_, body := e.do(t, request{method: http.MethodGet, target: "/catalog.ttl", token: token})
		for _, id := range []string{draftID, scheduledID} {
			if strings.Contains(string(body), "/dataset/"+id+">") {
				t.Errorf("catalogue as %q lists %s", token, id)
			}
		}
		if !strings.Contains(string(body), "/dataset/"+publishedID+">") {
			t.Errorf("catalogue as %q lacks %s", token, publishedID)
		}
	}
}

// TestScheduledVersionIsNotFound: a published dataset's version scheduled
// for later is not listed, not downloadable and not in the dataset's JSON
// or DCAT for the public; its organisation sees it.
func TestScheduledVersionIsNotFound(t *testing.T) {
	e := MustWriteEnv(t, writeOptions{})
	base := "/api/v1/datasets/" + laterID + "/distributions/csv"
	versionTarget := base + "/versions/" + e.version + "/download"
	for _, token := range []string{"", "b-editor"} {
		p := e.MustProblem(t, request{method: http.MethodGet, target: versionTarget, token: token}, http.StatusNotFound)
		if !strings.Contains(p.Detail, "hat keine Version") {
			t.Errorf("detail %q", p.Detail)
		}
		var list server.ListResponse[server.FileVersion]
		e.MustStatus(t, request{method: http.MethodGet, target: base + "/versions", token: token}, http.StatusOK, &list)
		if list.Total != 1 || list.Items[0].ID != "0123456789abcdef" || !list.Items[0].Current {
			t.Errorf("versions for %q: %+v", token, list)
		}
		var d municat.Dataset
		e.MustStatus(t, request{method: http.MethodGet, target: "/api/v1/datasets/" + laterID, token: token}, http.StatusOK, &d)
		if len(d.Distributions) != 1 || len(d.Distributions[0].Versions) != 1 {
			t.Errorf("dataset for %q shows %+v", token, d.Distributions)
		}
		_, body := e.do(t, request{method: http.MethodGet, target: "/dataset/" + laterID + ".ttl", token: token})
		if strings.Contains(string(body), e.version) {
			t.Errorf("DCAT for %q names the scheduled version", token)
		}
	}
	resp, body := e.do(t, request{method: http.MethodGet, target: versionTarget, token: "a-editor"})
	if resp.StatusCode != http.StatusOK || string(body) != "baum;art\n1;Linde\n2;Eiche\n" {
		t.Errorf("editor: %d %q", resp.StatusCode, body)
	}
	var list server.ListResponse[server.FileVersion]
	e.MustStatus(t, request{method: http.MethodGet, target: base + "/versions", token: "a-editor"}, http.StatusOK, &list)
	if list.Total != 2 || list.Items[0].ID != e.version || list.Items[0].PublishAt == nil || list.Items[0].Current || !list.Items[1].Current {
		t.Errorf("versions for the editor: %+v", list)
	}
	// The current file is the released one, for everyone.
	if _, body := MustDo(t, e.app, http.MethodGet, base+"/download"); string(body) != fileCSV {
		t.Errorf("download %q", body)
	}
}
