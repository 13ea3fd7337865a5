package bench

import "testing"

func TestApplyTargets(t *testing.T) {
	fs := Figures{
		{Name: "search.portal.c8.rps", Value: 1200, Unit: UnitRequests},
		{Name: "search.browse.c1.p50", Value: 7, Unit: UnitMillis},
		{Name: "serve.idle_rss", Value: 300, Unit: UnitMB},
		{Name: "harvest.ckan.fs.rate", Value: 900, Unit: UnitDatasets},
	}
	missing := ApplyTargets(fs, 10_000)
	if m := fs[0].Met; m == nil || !*m || fs[0].Target != "≥ 1000" {
		t.Errorf("portal rps: target %q met %v, want ≥ 1000 met", fs[0].Target, fs[0].Met)
	}
	if m := fs[1].Met; m == nil || *m || fs[1].Target != "≤ 5" {
		t.Errorf("browse p50: target %q met %v, want ≤ 5 not met", fs[1].Target, fs[1].Met)
	}
	if fs[2].Met != nil || fs[3].Met != nil {
		t.Errorf("idle RSS and harvest rate have no 10k target, got %+v %+v", fs[2], fs[3])
	}
	if len(missing) == 0 {
		t.Error("targets without figures (e.g. cold start) are not reported")
	}
	ApplyTargets(fs, 100_000)
	if m := fs[2].Met; m == nil || *m {
		t.Errorf("idle RSS 300 MB at 100k: met %v, want not met", fs[2].Met)
	}
}
