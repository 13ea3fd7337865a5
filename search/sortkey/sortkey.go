// Package sortkey makes the title sort key both search backends index, so
// that they order titles alike: engines compare the key byte by byte, which
// would put "Ä" after "z" without folding.
package sortkey

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
)

var asciiFolder = asciifolding.New()

// Of returns the sort key of title: lower case, folded to ASCII ("Ämter" →
// "amter", "ß" → "ss", "é" → "e") and trimmed.
func Of(title string) string {
	b := []byte(strings.ToLower(title))
	for _, c := range b {
		if c >= 0x80 {
			b = asciiFolder.Filter(b)
			break
		}
	}
	return strings.TrimSpace(string(b))
}
