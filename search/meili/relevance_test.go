package meili

import (
	"context"
	"testing"

	"github.com/municat/municat/search/relevance"
)

// TestGermanRelevance runs the German query set over the demo catalogue on
// a real server. Its thresholds have not been measured (no server could be
// run where this backend was written): they are the numbers of the Bleve
// backend before its German tuning (nDCG@10 0.722, recall@10 0.655),
// rounded down, as the least a production engine must reach. Tighten them
// once a run against a real server has been measured.
func TestGermanRelevance(t *testing.T) {
	cfg := realServer(t)
	x, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer x.Close()
	relevance.Check(t, x, 0.70, 0.63)
}
