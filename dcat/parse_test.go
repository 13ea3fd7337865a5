package dcat

import (
	"testing"
	"time"

	"github.com/municat/municat"
)

func TestParseGeometry(t *testing.T) {
	box := &municat.BoundingBox{West: 9.1, South: 52.5, East: 9.2, North: 52.6}
	for in, want := range map[string]*municat.BoundingBox{
		"POLYGON((9.1 52.5, 9.2 52.5, 9.2 52.6, 9.1 52.6, 9.1 52.5))":                                       box,
		"<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POLYGON ((9.1 52.5, 9.2 52.5, 9.2 52.6, 9.1 52.5))": box,
		"MULTIPOLYGON(((9.1 52.5 0, 9.2 52.6 0, 9.1 52.5 0)))":                                              box,
		"BOX(9.1 52.5, 9.2 52.6)":        box,
		"ENVELOPE(9.1, 9.2, 52.6, 52.5)": box,
		`{"type":"Polygon","coordinates":[[[9.1,52.5],[9.2,52.5],[9.2,52.6],[9.1,52.5]]]}`:                                                                                         box,
		`<gml:Envelope srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><gml:lowerCorner>52.5 9.1</gml:lowerCorner><gml:upperCorner>52.6 9.2</gml:upperCorner></gml:Envelope>`: box,
		"POINT(9.1 52.5)":                {West: 9.1, South: 52.5, East: 9.1, North: 52.5},
		"POLYGON((200 0, 201 1, 200 0))": nil,
		"POLYGON((a b))":                 nil,
		"Stadt Musterstadt":              nil,
		"{broken":                        nil,
		"":                               nil,
		"POLYGON((NaN 1, 2 3))":          nil,
	} {
		got := parseGeometry(in)
		if (got == nil) != (want == nil) || got != nil && *got != *want {
			t.Errorf("parseGeometry(%q) = %+v, want %+v", in, got, want)
		}
	}
}

func TestParseTime(t *testing.T) {
	for in, want := range map[string]string{
		"2024-05-06": "2024-05-06T00:00:00Z", "2024-05-06Z": "2024-05-06T00:00:00Z", "2024-05-06T07:08:09+02:00": "2024-05-06T07:08:09+02:00",
		"2024-05-06T07:08:09": "2024-05-06T07:08:09Z", "2024-05-06 07:08:09": "2024-05-06T07:08:09Z", "2024": "2024-01-01T00:00:00Z",
		"2024-05": "2024-05-01T00:00:00Z", "06.05.2024": "2024-05-06T00:00:00Z", "2024-05-06T07:08:09.123Z": "2024-05-06T07:08:09.123Z",
	} {
		got := parseTime(in)
		if got == nil || got.Format(time.RFC3339Nano) != want {
			t.Errorf("parseTime(%q) = %v, want %s", in, got, want)
		}
	}
	for _, bad := range []string{"", "gestern", "2024-13-01", "31.02.2024"} {
		if got := parseTime(bad); got != nil {
			t.Errorf("parseTime(%q) = %v", bad, got)
		}
	}
}

func FuzzParseGeometry(f *testing.F) {
	for _, s := range []string{"POLYGON((1 2, 3 4))", "ENVELOPE(1, 2, 4, 3)", `{"coordinates":[1,2]}`, "<gml:pos>1 2</gml:pos>", "<x> POINT(1 2)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if b := parseGeometry(s); b != nil && (b.West > b.East || b.South > b.North || b.West < -180 || b.North > 90) {
			t.Errorf("invalid box %+v from %q", b, s)
		}
	})
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2024-05-06", "2024-05-06T07:08:09+02:00", "2024", "06.05.2024"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if tm := parseTime(s); tm != nil {
			if again := parseTime(dateTerm(*tm).Value); again == nil || !again.Equal(tm.Truncate(time.Second)) {
				t.Errorf("%q: %v does not survive dateTerm", s, tm)
			}
		}
	})
}
