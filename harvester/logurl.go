package harvester

import (
	"net/url"
	"regexp"
)

// secretParam matches the names of query parameters whose values LogURL
// hides: api_key, apikey, access_token, $$app_token, client_secret,
// password, signature, auth …
var secretParam = regexp.MustCompile(`(?i)key|token|secret|pass|sig|auth|credential`)

// LogURL returns rawURL fit for a log line: with the password of its user
// info masked and the values of query parameters that look like secrets
// (see secretParam) replaced by "xxxxx". What cannot be parsed is replaced
// as a whole.
func LogURL(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(unlesbare Adresse)"
	}
	if u.RawQuery != "" {
		q := u.Query()
		hidden := false
		for k, vs := range q {
			if secretParam.MatchString(k) {
				for i := range vs {
					vs[i] = "xxxxx"
				}
				hidden = true
			}
		}
		if hidden {
			u.RawQuery = q.Encode()
		}
	}
	return u.Redacted()
}
