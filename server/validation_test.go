package server_test

import (
	"context"
	"net/http"
	"reflect"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/dcat"
	"github.com/municat/municat/server"
)

func TestValidation(t *testing.T) {
	e := MustEnv(t, nil)
	ctx := context.Background()
	// A harvested record that lacks nearly everything is still published.
	bare := &municat.Dataset{ID: "stadt-ckan.nackt", Title: municat.Text{"de": "Nackt"}, State: municat.Published, Organization: "unbekannt"}
	MustOK(t, e.catalog.PutDataset(ctx, bare))
	for _, id := range []string{"stadt-ckan.baumkataster", "stadt-ckan.haushalt", "stadt-ckan.luftmessstellen", bare.ID} {
		var got server.ValidationResponse
		MustGetJSON(t, e.app, "/api/v1/datasets/"+id+"/validation", http.StatusOK, &got)
		d, err := e.catalog.Dataset(ctx, id)
		MustOK(t, err)
		org, _ := e.catalog.Organization(ctx, d.Organization)
		want := dcat.Check(d, org)
		if want == nil {
			want = []dcat.Problem{}
		}
		violations, warnings := 0, 0
		for _, p := range want {
			if p.Severity == dcat.Violation {
				violations++
			} else {
				warnings++
			}
		}
		if got.Dataset != id || !reflect.DeepEqual(got.Problems, want) || got.Violations != violations ||
			got.Warnings != warnings || got.Conforms != (violations == 0) {
			t.Errorf("%s: %+v, want problems %+v", id, got, want)
		}
		if id == bare.ID && (got.Conforms || got.Violations == 0) {
			t.Errorf("%s: a dataset without description, publisher and distributions conforms: %+v", id, got)
		}
	}
	MustProblem(t, e.app, http.MethodGet, "/api/v1/datasets/fehlt/validation", http.StatusNotFound)
	MustProblem(t, e.app, http.MethodGet, "/api/v1/datasets/stadt-ckan.kaputt/validation", http.StatusInternalServerError)
}
