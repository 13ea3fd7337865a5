package server

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/municat/municat"
)

// FuzzUnmarshalStrict feeds arbitrary bodies to the strict decoder: it
// must not panic, and whatever it accepts json.Unmarshal reads the same.
func FuzzUnmarshalStrict(f *testing.F) {
	f.Add(`{"title": {"de": "Bäume"}, "keywords": ["a"], "issued": "2026-01-02T03:04:05Z", "spatial": {"bbox": {"west": 7.1}}}`)
	f.Add(`{"titel": 1, "distributions": [{"acess_url": null, "byte_size": 1.5}]}`)
	f.Add(`{"title": {"de": "x"},}`)
	f.Add(`[]`)
	f.Add(``)
	f.Fuzz(func(t *testing.T, body string) {
		var got municat.Dataset
		if err := unmarshalStrict([]byte(body), &got); err != nil {
			if municat.ErrorCode(err) == municat.EINTERNAL {
				var ie *inputError
				if !isInputError(err, &ie) {
					t.Fatalf("internal error for bad input: %v", err)
				}
			}
			return
		}
		var want municat.Dataset
		if err := json.Unmarshal([]byte(body), &want); err != nil {
			t.Fatalf("accepted what json.Unmarshal refuses: %v", err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("decoded %+v, json.Unmarshal %+v", got, want)
		}
	})
}

// isInputError reports whether err is an *inputError.
func isInputError(err error, ie **inputError) bool {
	e, ok := err.(*inputError)
	*ie = e
	return ok
}

// FuzzMatchRoute checks the upload-route matcher against arbitrary paths:
// no panic, and only paths of the pattern's shape match.
func FuzzMatchRoute(f *testing.F) {
	routes := parseRoutes(apiUploadRoutes)
	f.Add("POST", "/api/v1/datasets/x/distributions")
	f.Add("POST", "/api/v1/datasets//distributions")
	f.Add("post", "/API/v1/datasets/x/distributions/y/versions/")
	f.Fuzz(func(t *testing.T, method, path string) {
		if matchRoute(routes, method, path) && method != "POST" {
			t.Fatalf("%s %s matched", method, path)
		}
	})
}

func TestMatchRoute(t *testing.T) {
	routes := parseRoutes(append(apiUploadRoutes, "POST /admin/datasets/:id/upload"))
	for _, tt := range []struct {
		method, path string
		want         bool
	}{
		{"POST", "/api/v1/datasets/baeume/distributions", true},
		{"POST", "/api/v1/datasets/baeume/distributions/", true},
		{"POST", "/API/V1/Datasets/baeume/distributions", true},
		{"POST", "/api/v1/datasets/baeume/distributions/csv/versions", true},
		{"POST", "/admin/datasets/baeume/upload", true},
		{"GET", "/api/v1/datasets/baeume/distributions", false},
		{"POST", "/api/v1/datasets//distributions", false},
		{"POST", "/api/v1/datasets/baeume/withdraw", false},
		{"POST", "/api/v1/datasets", false},
		{"PUT", "/api/v1/datasets/baeume", false},
	} {
		if got := matchRoute(routes, tt.method, tt.path); got != tt.want {
			t.Errorf("%s %s: %v, want %v", tt.method, tt.path, got, tt.want)
		}
	}
}
