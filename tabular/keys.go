package tabular

import (
	"strconv"
	"strings"
)

// maxKeyLen caps the length of a column key.
const maxKeyLen = 60

// transliterations spell German letters in ASCII for column keys.
var transliterations = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "ae", "Ö", "oe", "Ü", "ue", "ß", "ss")

// columnKeys returns a safe, unique key for each header name: lower-case
// ASCII letters and digits joined by single underscores, starting with a
// letter ("col_3" for a name without any), numbered on collision.
func columnKeys(names []string) []string {
	keys := make([]string, len(names))
	used := map[string]bool{}
	for i, name := range names {
		k := keyOf(name)
		if k == "" {
			k = "col_" + strconv.Itoa(i+1)
		}
		if k[0] >= '0' && k[0] <= '9' {
			k = "c_" + k
		}
		base := k
		for n := 2; used[k] || reserved[k]; n++ {
			k = base + "_" + strconv.Itoa(n)
		}
		used[k] = true
		keys[i] = k
	}
	return keys
}

// reserved are the query parameters of the rows API; no column key is one.
var reserved = map[string]bool{"sort": true, "page_size": true, "cursor": true, "format": true, "column": true, "fn": true}

func keyOf(name string) string {
	name = transliterations.Replace(name)
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(r)
		default:
			under = true
		}
		if b.Len() >= maxKeyLen {
			break
		}
	}
	return b.String()
}
