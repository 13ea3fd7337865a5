package file

import (
	"testing"

	"github.com/municat/municat"
)

// TestDistinctID: bytes that come back (A, B, A, A) get ids that name each
// entry once, and keep the key of their bytes.
func TestDistinctID(t *testing.T) {
	a := municat.FileVersion{ID: "aaaa", Key: "files/x/1/aaaa/data.csv"}
	b := municat.FileVersion{ID: "bbbb", Key: "files/x/1/bbbb/data.csv"}
	versions := []municat.FileVersion{a, b}
	for _, want := range []string{"aaaa-2", "aaaa-3"} {
		v := distinctID(a, versions)
		if v.ID != want || v.Key != a.Key {
			t.Errorf("distinctID = %q, key %q; want %q, key %q", v.ID, v.Key, want, a.Key)
		}
		versions = append(versions, v)
	}
	if v := distinctID(municat.FileVersion{ID: "cccc"}, versions); v.ID != "cccc" {
		t.Errorf("a new id was changed to %q", v.ID)
	}
}
