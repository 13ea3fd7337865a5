package server

import (
	"net/url"
	"testing"

	"github.com/municat/municat/dcat"
)

func TestHydraPage(t *testing.T) {
	const base = "https://daten.example.org/catalog.ttl"
	carry := url.Values{"theme": {"ENVI", "TRAN"}}
	link := func(n string) string { return base + "?page=" + n + "&theme=ENVI&theme=TRAN" }
	keyed := func(n, after string) string {
		return base + "?after=" + after + "&page=" + n + "&theme=ENVI&theme=TRAN"
	}
	tests := []struct {
		page, perPage, total int
		after, nextAfter     string
		want                 dcat.Page
	}{
		{1, 10, 5, "", "", dcat.Page{URL: link("1"), First: link("1"), Last: link("1"), TotalItems: 5, ItemsPerPage: 10}},
		{1, 10, 25, "", "", dcat.Page{URL: link("1"), First: link("1"), Last: link("3"), Next: link("2"), TotalItems: 25, ItemsPerPage: 10}},
		{2, 10, 25, "", "", dcat.Page{URL: link("2"), First: link("1"), Last: link("3"), Previous: link("1"), Next: link("3"), TotalItems: 25, ItemsPerPage: 10}},
		{3, 10, 30, "", "", dcat.Page{URL: link("3"), First: link("1"), Last: link("3"), Previous: link("2"), TotalItems: 30, ItemsPerPage: 10}},
		{7, 10, 30, "", "", dcat.Page{URL: link("7"), First: link("1"), Last: link("3"), Previous: link("3"), TotalItems: 30, ItemsPerPage: 10}},
		// Keyset paging: the next link carries the last id of a full page.
		{1, 10, 25, "", "a.10", dcat.Page{URL: link("1"), First: link("1"), Last: link("3"), Next: keyed("2", "a.10"), TotalItems: 25, ItemsPerPage: 10}},
		{2, 10, 25, "a.10", "a.20", dcat.Page{URL: keyed("2", "a.10"), First: link("1"), Last: link("3"), Previous: link("1"), Next: keyed("3", "a.20"), TotalItems: 25, ItemsPerPage: 10}},
		{3, 10, 25, "a.20", "", dcat.Page{URL: keyed("3", "a.20"), First: link("1"), Last: link("3"), Previous: link("2"), TotalItems: 25, ItemsPerPage: 10}},
	}
	for _, tt := range tests {
		if got := hydraPage(base, carry, tt.page, tt.perPage, tt.total, tt.after, tt.nextAfter); got != tt.want {
			t.Errorf("page %d/%d of %d:\n got %+v\nwant %+v", tt.page, tt.perPage, tt.total, got, tt.want)
		}
	}
	if len(carry) != 1 {
		t.Errorf("hydraPage changed the carried parameters: %v", carry)
	}
}
