package upload

import (
	"io"
	"mime"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

// Form returns the fields of a form sent as
// application/x-www-form-urlencoded (or as multipart/form-data without a
// file) in a body of at most maxBytes bytes. An empty body without a
// Content-Type gives no fields.
//
// Errors: ETOOLARGE (TooLarge(maxBytes)) for a larger body; EINVALID for
// another Content-Type, a malformed body or a file in a multipart form.
func Form(c *fiber.Ctx, maxBytes int64) (url.Values, error) {
	return parseForm(Reader(c, maxBytes, nil), c.Get(fiber.HeaderContentType), maxBytes)
}

// parseForm is Form over a body and its Content-Type.
func parseForm(body io.Reader, contentType string, maxBytes int64) (url.Values, error) {
	mt := ""
	if contentType != "" {
		var err error
		if mt, _, err = mime.ParseMediaType(contentType); err != nil {
			return nil, municat.Errorf(municat.EINVALID, "Der Content-Type %q ist ungültig.", contentType)
		}
	}
	switch mt {
	case "application/x-www-form-urlencoded", "":
		b, err := io.ReadAll(body)
		if err != nil {
			return nil, err
		}
		if mt == "" && len(b) > 0 {
			break
		}
		v, err := url.ParseQuery(string(b))
		if err != nil {
			return nil, municat.Errorf(municat.EINVALID, "Das Formular ist fehlerhaft kodiert. Bitte senden Sie es erneut.")
		}
		return v, nil
	case "multipart/form-data":
		var out url.Values
		err := readMultipart(body, contentType, Options{MaxField: maxBytes}, func(v url.Values, _ *File) error {
			out = v
			return nil
		})
		return out, err
	}
	return nil, municat.Errorf(municat.EINVALID, "Bitte senden Sie das Formular als application/x-www-form-urlencoded (Content-Type %q passt nicht).", contentType)
}
