package ckanapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"regexp"
	"strings"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

// MaxNameLength is the longest CKAN package name.
const MaxNameLength = 100

// namePattern is CKAN's rule for package names.
var namePattern = regexp.MustCompile(`^[a-z0-9_-]{2,100}$`)

// ValidName reports whether s is a valid CKAN package name.
func ValidName(s string) bool { return namePattern.MatchString(s) }

// hashSuffixLength is the length of "_h" and the hex digits that end the
// name of an id too long for a full name. In a full name a '_' is always
// followed by '-' or '_', so "_h" marks a shortened one.
const hashSuffixLength = 2 + 15

// PackageName returns the CKAN name of the dataset with id: id with '_'
// written "_-" and '.' written "__", so that it matches ^[a-z0-9_-]{2,100}$
// and DatasetIDOfName turns it back into id. A name that would be longer
// than MaxNameLength is cut to 83 characters (at an escape boundary) and
// ends in "_h" and 15 hex digits of the SHA-256 of id, which no full name
// contains; such names are resolved by looking up the ids that start with
// the decoded prefix.
func PackageName(id string) string {
	var b strings.Builder
	b.Grow(len(id) + 4)
	for i := 0; i < len(id); i++ {
		switch c := id[i]; c {
		case '_':
			b.WriteString("_-")
		case '.':
			b.WriteString("__")
		default:
			b.WriteByte(c)
		}
	}
	name := b.String()
	if len(name) == 1 {
		// CKAN names have at least 2 characters; ids of one character
		// cannot decode to anything else ending in "-".
		return name + "-"
	}
	if len(name) <= MaxNameLength {
		return name
	}
	cut := MaxNameLength - hashSuffixLength
	if escapeOpen(name[:cut]) {
		cut--
	}
	sum := sha256.Sum256([]byte(id))
	return name[:cut] + "_h" + hex.EncodeToString(sum[:])[:15]
}

// escapeOpen reports whether s ends in the first byte of an escape: an odd
// run of '_' at its end.
func escapeOpen(s string) bool {
	n := 0
	for i := len(s) - 1; i >= 0 && s[i] == '_'; i-- {
		n++
	}
	// Runs of '_' are pairs "__" or the '_' of "_-"; a run ending the string
	// was cut inside an escape when it is odd.
	return n%2 == 1
}

// DatasetIDOfName returns the dataset id whose PackageName is name, and
// whether name is such a full (not shortened) name.
func DatasetIDOfName(name string) (string, bool) {
	if !ValidName(name) {
		return "", false
	}
	if len(name) == 2 && name[1] == '-' && name[0] != '-' && name[0] != '_' {
		return name[:1], true
	}
	id, ok := unescape(name)
	if !ok || !municat.ValidDatasetID(id) || PackageName(id) != name {
		return "", false
	}
	return id, true
}

// unescape undoes the escapes of PackageName; false if name has a '_' that
// starts none.
func unescape(name string) (string, bool) {
	var b strings.Builder
	b.Grow(len(name))
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c != '_' {
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(name) {
			return "", false
		}
		i++
		switch name[i] {
		case '-':
			b.WriteByte('_')
		case '_':
			b.WriteByte('.')
		default:
			return "", false
		}
	}
	return b.String(), true
}

// shortenedNamePattern matches the names PackageName shortens.
var shortenedNamePattern = regexp.MustCompile(`^[a-z0-9_-]{81,83}_h[0-9a-f]{15}$`)

// resolveShortened returns the id of the dataset whose shortened name is
// name, listing the store keys of the ids that start with its prefix.
func resolveShortened(ctx context.Context, cat *catalog.Catalog, name string) (string, bool, error) {
	if len(name) != MaxNameLength && len(name) != MaxNameLength-1 || !shortenedNamePattern.MatchString(name) {
		return "", false, nil
	}
	prefix, ok := unescape(name[:len(name)-hashSuffixLength])
	if !ok {
		return "", false, nil
	}
	var found string
	errFound := errors.New("found")
	err := cat.Store.List(ctx, catalog.DatasetsPrefix+prefix, func(o municat.ObjectInfo) error {
		id, ok := strings.CutSuffix(strings.TrimPrefix(o.Key, catalog.DatasetsPrefix), ".json")
		if ok && PackageName(id) == name {
			found = id
			return errFound
		}
		return nil
	})
	if err != nil && !errors.Is(err, errFound) {
		return "", false, err
	}
	return found, found != "", nil
}
