package harvester_test

import (
	"strings"
	"testing"

	"github.com/municat/municat/harvester"
)

// TestLogURL masks passwords and secret-looking query values, and keeps
// the rest for the reader of the log.
func TestLogURL(t *testing.T) {
	got := harvester.LogURL("https://harvest:geheim1@portal.example/api/3/action/package_search?rows=2&api_key=geheim2&%24%24app_token=geheim3&apikey=geheim4")
	for _, s := range []string{"geheim1", "geheim2", "geheim3", "geheim4"} {
		if strings.Contains(got, s) {
			t.Errorf("LogURL kept %s: %s", s, got)
		}
	}
	if !strings.Contains(got, "portal.example/api/3/action/package_search") || !strings.Contains(got, "rows=2") || !strings.Contains(got, "harvest:xxxxx@") {
		t.Errorf("LogURL = %s, want host, path, rows=2 and the user kept", got)
	}
	if got := harvester.LogURL("https://portal.example/a?b=1"); got != "https://portal.example/a?b=1" {
		t.Errorf("LogURL changed a URL without secrets: %s", got)
	}
}
