package frontend

import (
	"strings"
	"testing"

	"github.com/municat/municat/preview"
)

// TestMapClassesStyled checks that every class the preview package puts on
// SVG shapes has a rule in the style sheet: an unstyled shape is drawn
// solid black (the page may set no inline styles).
func TestMapClassesStyled(t *testing.T) {
	css, err := staticFS.ReadFile("static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	for _, class := range []string{preview.ClassArea, preview.ClassLine, preview.ClassPoint, preview.ClassBBox, preview.ClassFrame} {
		if !strings.Contains(string(css), "."+class+" ") && !strings.Contains(string(css), "."+class+",") {
			t.Errorf("style.css has no rule for .%s", class)
		}
	}
}
