package ckanapi_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/municat/municat"
	"github.com/municat/municat/ckanapi"
)

func TestPackageName(t *testing.T) {
	for id, want := range map[string]string{
		"haushaltsplan-2025":                        "haushaltsplan-2025",
		"ckan.62513382-3b26-4bc8-9096-40b6ce8383c0": "ckan__62513382-3b26-4bc8-9096-40b6ce8383c0",
		"quelle.baum_kataster":                      "quelle__baum_-kataster",
		"a__b":                                      "a_-_-b",
		"a._b":                                      "a___-b",
		"a_.b":                                      "a_-__b",
		"x":                                         "x-",
		"govdata.h0123456789abcdef01234567":         "govdata__h0123456789abcdef01234567",
		"stadt-birkenhude.13dfb16a-c4f1-36b4-eda2-01": "stadt-birkenhude__13dfb16a-c4f1-36b4-eda2-01",
	} {
		name := ckanapi.PackageName(id)
		if name != want || !ckanapi.ValidName(name) {
			t.Errorf("PackageName(%q) = %q, want %q", id, name, want)
		}
		if back, ok := ckanapi.DatasetIDOfName(name); !ok || back != id {
			t.Errorf("DatasetIDOfName(%q) = %q, %v; want %q", name, back, ok, id)
		}
	}
	for _, name := range []string{"a_b", "a_", "_a", "ab_x", "Abc", "a.b", "", "a-"} {
		if id, ok := ckanapi.DatasetIDOfName(name); ok && ckanapi.PackageName(id) != name {
			t.Errorf("DatasetIDOfName(%q) = %q, whose name is %q", name, id, ckanapi.PackageName(id))
		}
	}
	if _, ok := ckanapi.DatasetIDOfName("a_b"); ok {
		t.Error(`"a_b" has a '_' that starts no escape, yet it decodes`)
	}
}

// TestLongIDsGetShortNames stores datasets whose names would exceed 100
// characters, two of them sharing a long prefix, and reads them by name.
func TestLongIDsGetShortNames(t *testing.T) {
	e := MustDemoEnv(t)
	long := "quelle." + strings.Repeat("langer_name-", 12)
	ids := []string{long + "eins", long + "zwei"}
	names := map[string]bool{}
	for _, id := range ids {
		if !municat.ValidDatasetID(id) {
			t.Fatalf("%q is no valid dataset id", id)
		}
		e.MustPut(t, harvestedLike(id, municat.Published))
		name := ckanapi.PackageName(id)
		if len(name) > ckanapi.MaxNameLength || !ckanapi.ValidName(name) || names[name] {
			t.Fatalf("PackageName(%q) = %q (%d characters)", id, name, len(name))
		}
		names[name] = true
		if _, ok := ckanapi.DatasetIDOfName(name); ok {
			t.Errorf("shortened name %q decodes as a full name", name)
		}
		var p ckanapi.Package
		MustResult(t, e.MustGet(t, "/api/3/action/package_show?id="+url.QueryEscape(name)), &p)
		if p.ID != id || p.Name != name {
			t.Errorf("package_show?id=%s gives %s named %s", name, p.ID, p.Name)
		}
	}
	// A shortened name with a wrong hash names nothing.
	wrong := ckanapi.PackageName(ids[0])
	wrong = wrong[:len(wrong)-1] + map[bool]string{true: "1", false: "0"}[strings.HasSuffix(wrong, "0")]
	MustFail(t, e.MustGet(t, "/api/3/action/package_show?id="+wrong), http.StatusNotFound, ckanapi.TypeNotFound)
	if err := e.cat.Store.Delete(context.Background(), "datasets/"+ids[1]+".json"); err != nil {
		t.Fatal(err)
	}
	MustFail(t, e.MustGet(t, "/api/3/action/package_show?id="+ckanapi.PackageName(ids[1])), http.StatusNotFound, ckanapi.TypeNotFound)
}
