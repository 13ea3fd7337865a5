package storetest

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
)

// putAll writes every key, in a shuffled order, with content derived from
// the key and content type "text/plain".
func putAll(t *testing.T, s municat.Store, ks []string) {
	t.Helper()
	shuffled := slices.Clone(ks)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) {
		shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
	})
	for _, k := range shuffled {
		MustPut(t, s, k, []byte("content of "+k), "text/plain")
	}
}

func testListOrder(t *testing.T, s municat.Store) {
	// Names that are prefixes of one another, so that the order of whole keys
	// differs from the order of names within one directory: "a-b" < "a/b" <
	// "a0" because '-' < '/' < '0'.
	ks := []string{
		"a-b", "a/b", "a.b", "a0", "a/c/d", "ab", "b", "A", "ä", "a b",
		"a/b-c", "a/b.c", "p/q/r", "p-q", "p.q", "p0", "q/r/s", "q/r-s",
		"q/r.s", "q/r0", "z/ä/1", "z/a/1", "z/b", "Z", "~",
	}
	before := time.Now()
	putAll(t, s, ks)
	after := time.Now()
	want := slices.Clone(ks)
	slices.Sort(want)

	infos := MustList(t, s, "")
	if got := keys(infos); !slices.Equal(got, want) {
		t.Fatalf("List(\"\") =\n%q\nwant\n%q", got, want)
	}
	for _, info := range infos {
		checkInfo(t, "List", info, info.Key, int64(len("content of "+info.Key)), "text/plain", before, after)
	}
}

func testListPrefix(t *testing.T, s municat.Store) {
	ks := []string{
		"runs/x/a", "runs/x/b/c", "runs/x1/b", "runs/x-2", "runsx", "run",
		"other/runs/x/a",
	}
	putAll(t, s, ks)
	all := slices.Clone(ks)
	slices.Sort(all)
	tests := []struct {
		prefix string
		want   []string
	}{
		{"", all},
		{"runs/x/", []string{"runs/x/a", "runs/x/b/c"}},
		{"runs/x", []string{"runs/x-2", "runs/x/a", "runs/x/b/c", "runs/x1/b"}},
		{"runs/", []string{"runs/x-2", "runs/x/a", "runs/x/b/c", "runs/x1/b"}},
		{"runs", []string{"runs/x-2", "runs/x/a", "runs/x/b/c", "runs/x1/b", "runsx"}},
		{"run", []string{"run", "runs/x-2", "runs/x/a", "runs/x/b/c", "runs/x1/b", "runsx"}},
		{"runs/x/a", []string{"runs/x/a"}},
		{"runs/x/b", []string{"runs/x/b/c"}},
		{"other/", []string{"other/runs/x/a"}},
		{"runs/x/b/c/", nil},
		{"runs/x/a/", nil},
		{"nothing/", nil},
		{"nothing", nil},
		{"/runs", nil},
		{"runs//x", nil},
		{"runs/../runs/x/", nil},
		{"other/../runs/", nil},
		{"./runs", nil},
		{"../", nil},
	}
	for _, tt := range tests {
		got := keys(MustList(t, s, tt.prefix))
		if !slices.Equal(got, tt.want) {
			t.Errorf("List(%q) = %q, want %q", tt.prefix, got, tt.want)
		}
		for _, k := range got {
			if !strings.HasPrefix(k, tt.prefix) {
				t.Errorf("List(%q) gave %q", tt.prefix, k)
			}
		}
	}
}

func testListStops(t *testing.T, s municat.Store) {
	putAll(t, s, []string{"l/1", "l/2", "l/3", "l/4", "l/5"})
	errStop := errors.New("enough")
	for _, stopAt := range []int{1, 2, 5} {
		var seen []string
		err := s.List(context.Background(), "l/", func(info municat.ObjectInfo) error {
			seen = append(seen, info.Key)
			if len(seen) == stopAt {
				return errStop
			}
			return nil
		})
		if !errors.Is(err, errStop) {
			t.Errorf("List with fn failing at call %d returned %v, want %v", stopAt, err, errStop)
		}
		if want := []string{"l/1", "l/2", "l/3", "l/4", "l/5"}[:stopAt]; !slices.Equal(seen, want) {
			t.Errorf("List with fn failing at call %d called fn for %q, want %q", stopAt, seen, want)
		}
	}
}
