package server

import (
	"testing"

	"github.com/municat/municat"
)

func TestContentDisposition(t *testing.T) {
	tests := []struct{ name, want string }{
		{"daten.csv", `attachment; filename="daten.csv"; filename*=UTF-8''daten.csv`},
		{"Straßen Übersicht.csv", `attachment; filename="Stra_en _bersicht.csv"; filename*=UTF-8''Stra%C3%9Fen%20%C3%9Cbersicht.csv`},
		{"a\"b\\c\r\n.csv", `attachment; filename="a_b_c__.csv"; filename*=UTF-8''a%22b%5Cc%0D%0A.csv`},
	}
	for _, tt := range tests {
		if got := contentDisposition(tt.name); got != tt.want {
			t.Errorf("contentDisposition(%q) = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestChecksumETag(t *testing.T) {
	tests := []struct {
		sum  *municat.Checksum
		want string
	}{
		{nil, ""},
		{&municat.Checksum{Algorithm: "SHA256", Value: "AB12"}, `"sha256-ab12"`},
		{&municat.Checksum{Algorithm: "md5", Value: "ab\"12"}, ""},
		{&municat.Checksum{Algorithm: "md5", Value: "ab12\r\nX-Evil: 1"}, ""},
	}
	for _, tt := range tests {
		if got := checksumETag(tt.sum); got != tt.want {
			t.Errorf("checksumETag(%+v) = %q, want %q", tt.sum, got, tt.want)
		}
	}
	if !etagMatches(`W/"x", "sha256-ab12"`, `"sha256-ab12"`) || !etagMatches("*", `"x"`) || etagMatches(`"y"`, `"x"`) || etagMatches("", `"x"`) {
		t.Error("etagMatches is wrong")
	}
}
