package preview

import (
	"errors"
	"strings"
	"testing"

	"github.com/municat/municat"
)

func TestErrors(t *testing.T) {
	// A detailed error: German text with the detail, matching its kind
	// only, carrying the cause for logs.
	_, err := GeoJSON(strings.NewReader(`{"type":`), GeoOptions{})
	if !errors.Is(err, ErrInvalidJSON) || errors.Is(err, ErrNotGeoJSON) || errors.Is(err, ErrEmpty) {
		t.Errorf("errors.Is: %v", err)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, ErrInvalidJSON.Message+" (") || municat.ErrorMessage(err) != msg {
		t.Errorf("message %q, ErrorMessage %q", msg, municat.ErrorMessage(err))
	}
	if municat.ErrorCode(err) != municat.EINVALID || !errors.Is(err, municat.ErrInvalid) {
		t.Errorf("code %q", municat.ErrorCode(err))
	}

	_, err = GeoJSON(strings.NewReader(`{"type":"Point","crs":{"type":"name","properties":{"name":"EPSG:31468"}},"coordinates":[4468000,5333000]}`), GeoOptions{})
	var ce *CRSError
	if !errors.As(err, &ce) || !errors.Is(err, ErrUnknownCRS) || errors.Is(err, ErrCoordinates) {
		t.Fatalf("CRS error %v", err)
	}
	if want := "„EPSG:31468“"; !strings.Contains(err.Error(), want) || municat.ErrorMessage(err) != err.Error() || municat.ErrorCode(err) != municat.EINVALID {
		t.Errorf("CRS message %q, ErrorMessage %q", err.Error(), municat.ErrorMessage(err))
	}

	_, err = XLSX(strings.NewReader(strings.Repeat("x", 100)), Options{MaxBytes: 10})
	if !errors.Is(err, ErrTooLarge) || !errors.Is(err, municat.ErrTooLarge) || errors.Is(err, ErrSizeLimit) || municat.ErrorCode(err) != municat.ETOOLARGE {
		t.Errorf("too large: %v", err)
	}
	_, err = CSV(iotestErr{}, Options{})
	if !errors.Is(err, ErrRead) || !errors.Is(err, errBroken) || strings.Contains(err.Error(), errBroken.Error()) {
		t.Errorf("read error %q must wrap the cause but not show it", err)
	}
	// Every message is a German sentence.
	for _, e := range []*municat.Error{ErrEmpty, ErrNotText, ErrHTML, ErrRead, ErrLineTooLong, ErrSizeLimit, ErrTooLarge,
		ErrNotXLSX, ErrEncrypted, ErrNoSheet, ErrInvalidJSON, ErrNotGeoJSON, ErrInvalidGeometry, ErrCoordinates, ErrUnknownCRS} {
		if !strings.HasPrefix(e.Message, "Die ") && !strings.HasPrefix(e.Message, "Eine ") && !strings.HasPrefix(e.Message, "Das ") || !strings.HasSuffix(e.Message, ".") {
			t.Errorf("message %q", e.Message)
		}
	}
}
