package municat

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
)

// idPattern is the shape of organisation and source ids: lower-case letters,
// digits and inner hyphens. They appear in URLs and store keys.
var idPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$`)

// remotePattern is the shape of a remote id that can be used as it is in a
// dataset id.
var remotePattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9_-]{0,78}[a-z0-9])?$`)

// datasetIDPattern is the shape of every dataset id.
var datasetIDPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9_.-]{0,160}[a-z0-9])?$`)

// ValidID reports whether s can be an organisation or source id.
func ValidID(s string) bool { return idPattern.MatchString(s) }

// ValidDatasetID reports whether s can be a dataset id. Dataset ids contain no
// slash, so they are safe in URLs and store keys.
func ValidDatasetID(s string) bool {
	return datasetIDPattern.MatchString(s) && !strings.Contains(s, "..")
}

// DatasetID returns the id of the dataset with remoteID at source sourceID.
// It depends on nothing else, so a dataset keeps its id on every run. A
// remote id that is already URL-safe (a CKAN UUID or name) is kept readable
// after the source id and a dot; any other is replaced by a hash of itself.
func DatasetID(sourceID, remoteID string) string {
	r := strings.ToLower(remoteID)
	if r != remoteID || !remotePattern.MatchString(r) {
		sum := sha256.Sum256([]byte(remoteID))
		r = "h" + hex.EncodeToString(sum[:12])
	}
	return sourceID + "." + r
}

// DistributionID returns a stable id for a distribution of a dataset: its
// remote id if the source gives one that is URL-safe, else a hash of key
// (typically the access URL).
func DistributionID(remoteID, key string) string {
	if remoteID != "" && remotePattern.MatchString(strings.ToLower(remoteID)) {
		return strings.ToLower(remoteID)
	}
	if remoteID != "" {
		key = remoteID
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:8])
}
