package bench

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	recorded := Figures{
		{Name: "harvest.ckan.fs.rate", Value: 1000, Unit: UnitDatasets},
		{Name: "search.portal.c1.p50", Value: 10, Unit: UnitMillis},
		{Name: "search.fresh.c1.p50", Value: 10, Unit: UnitMillis},
		{Name: "search.fresh.c32.p50", Value: 10, Unit: UnitMillis},
		{Name: "search.portal.c8.p99", Value: 10, Unit: UnitMillis},
		{Name: "serve.idle_rss", Value: 100, Unit: UnitMB},
		{Name: "search.oneword.c1.p50", Value: 0.2, Unit: UnitMillis},
		{Name: "ratio.demo_hello", Value: 40, Unit: UnitPercent},
		{Name: "raw.portal.c8.rps", Value: 1000, Unit: UnitRequests},
	}
	for _, tc := range []struct {
		name    string
		current Figure
		fails   bool
	}{
		{"throughput within the factor", Figure{Name: "harvest.ckan.fs.rate", Value: 201, Unit: UnitDatasets}, false},
		{"throughput below value/factor", Figure{Name: "harvest.ckan.fs.rate", Value: 199, Unit: UnitDatasets}, true},
		{"latency within the factor", Figure{Name: "search.portal.c1.p50", Value: 50, Unit: UnitMillis}, false},
		{"latency above value*factor", Figure{Name: "search.portal.c1.p50", Value: 51, Unit: UnitMillis}, true},
		{"tail latency not compared", Figure{Name: "search.portal.c8.p99", Value: 500, Unit: UnitMillis}, false},
		{"latency under concurrent load not compared", Figure{Name: "search.fresh.c32.p50", Value: 500, Unit: UnitMillis}, false},
		{"single-client latency compared", Figure{Name: "search.fresh.c1.p50", Value: 500, Unit: UnitMillis}, true},
		{"memory above value*factor", Figure{Name: "serve.idle_rss", Value: 501, Unit: UnitMB}, true},
		{"tiny latency within the noise floor", Figure{Name: "search.oneword.c1.p50", Value: 9, Unit: UnitMillis}, false},
		{"tiny latency above the noise floor", Figure{Name: "search.oneword.c1.p50", Value: 11, Unit: UnitMillis}, true},
		{"ratio below value/factor", Figure{Name: "ratio.demo_hello", Value: 7, Unit: UnitPercent}, true},
		{"baseline not compared", Figure{Name: "raw.portal.c8.rps", Value: 1, Unit: UnitRequests}, false},
		{"figure not recorded", Figure{Name: "new.figure", Value: 1e9, Unit: UnitMillis}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Check(recorded, Figures{tc.current}, 5)
			if (len(got) > 0) != tc.fails {
				t.Fatalf("Check = %q, want failure %v", got, tc.fails)
			}
			if tc.fails && !strings.HasPrefix(got[0], tc.current.Name+": ") {
				t.Errorf("message %q does not name the figure", got[0])
			}
		})
	}
}
