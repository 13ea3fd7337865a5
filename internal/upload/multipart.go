package upload

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/url"
	"os"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
)

// Defaults of Options.
const (
	// DefaultMaxField caps each text field of a form.
	DefaultMaxField = 64 << 10
	// DefaultMaxFields caps the number of text fields of a form.
	DefaultMaxFields = 64
	// FormOverhead is what a multipart body may hold beyond its file: the
	// text fields, the part headers and the boundaries.
	FormOverhead = 1 << 20
)

// Options configures Multipart.
type Options struct {
	// FileField is the name of the form field that carries the file, e.g.
	// "file". A file part in any other field is refused; "" refuses every
	// file.
	FileField string
	// MaxFile caps the file's size; FileTooLarge(MaxFile) over it. It must
	// be set when FileField is.
	MaxFile int64
	// MaxField caps each text field; DefaultMaxField if 0.
	MaxField int64
	// MaxFields caps the number of text fields; DefaultMaxFields if 0.
	MaxFields int
	// TempDir is where the file is spooled; os.TempDir() if "".
	TempDir string
}

// File is the uploaded file of a multipart form, spooled to a temporary
// file.
type File struct {
	// Field is the form field that carried the file.
	Field string
	// Name is the file's name as the client sent it, without any
	// directory (some browsers send the whole path).
	Name string
	// ContentType is the media type the client sent for the file, if any.
	ContentType string
	// Size is the file's length in bytes.
	Size int64
	// Body reads the file from its start.
	Body io.Reader
}

// Multipart reads the multipart/form-data body of the request: the text
// fields into a url.Values and the one file part (in o.FileField) into a
// temporary file. Then it calls fn with the fields and the file (nil if
// none was sent, or an empty file input) and removes the temporary file
// when fn returns. Fields may come before or after the file, so fn sees
// them all; nothing reaches fn from a body that breaks a limit or is
// malformed. The file is never held in memory.
//
// Errors: EINVALID for a body that is not multipart/form-data, a malformed
// one, a second file or a file in another field; ETOOLARGE for a file over
// o.MaxFile or a body over o.MaxFile + FormOverhead (FileTooLarge; TooLarge
// if the form takes no file) and a field over o.MaxField; otherwise what fn
// returns.
func Multipart(c *fiber.Ctx, o Options, fn func(fields url.Values, f *File) error) error {
	limit := o.MaxFile + FormOverhead
	// Beyond the form's overhead, the excess is the file's: a body
	// announced larger is refused at once with the file's message.
	var tooLarge error = TooLarge(limit)
	if o.FileField != "" {
		tooLarge = FileTooLarge(o.MaxFile)
	}
	return readMultipart(Reader(c, limit, tooLarge), c.Get(fiber.HeaderContentType), o, fn)
}

// readMultipart is Multipart over a body and its Content-Type.
func readMultipart(body io.Reader, contentType string, o Options, fn func(url.Values, *File) error) error {
	boundary, err := multipartBoundary(contentType)
	if err != nil {
		return err
	}
	if o.MaxField <= 0 {
		o.MaxField = DefaultMaxField
	}
	if o.MaxFields <= 0 {
		o.MaxFields = DefaultMaxFields
	}
	r := &formReader{o: o, mr: multipart.NewReader(body, boundary), fields: url.Values{}}
	defer r.cleanup()
	if err := r.readAll(); err != nil {
		return err
	}
	var f *File
	if r.file != nil {
		if _, err := r.spool.Seek(0, io.SeekStart); err != nil {
			return err
		}
		r.file.Body = r.spool
		f = r.file
	}
	return fn(r.fields, f)
}

// multipartBoundary returns the boundary of a multipart/form-data
// Content-Type.
func multipartBoundary(contentType string) (string, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return "", municat.Errorf(municat.EINVALID, "Bitte senden Sie das Formular als multipart/form-data (Content-Type %q passt nicht), z. B. mit curl -F file=@daten.csv.", contentType)
	}
	return params["boundary"], nil
}

// formReader reads the parts of one multipart body.
type formReader struct {
	o      Options
	mr     *multipart.Reader
	fields url.Values
	nField int
	file   *File
	spool  *os.File
}

// malformed is the error of a broken multipart body.
func malformed(err error) error {
	return &municat.Error{Code: municat.EINVALID, Message: "Das Formular (multipart/form-data) ist fehlerhaft aufgebaut.", Err: err}
}

// readAll reads every part.
func (r *formReader) readAll() error {
	for {
		p, err := r.mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return passLimit(err)
		}
		err = r.readPart(p)
		p.Close()
		if err != nil {
			return err
		}
	}
}

// passLimit returns a municat error of the body reader (too large, broken
// off) as it is, and any other error as a malformed form.
func passLimit(err error) error {
	var me *municat.Error
	if errors.As(err, &me) {
		return me
	}
	return malformed(err)
}

// readPart reads one part: a text field or the file.
func (r *formReader) readPart(p *multipart.Part) error {
	name := p.FormName()
	if name == "" {
		return municat.Errorf(municat.EINVALID, "Ein Teil des Formulars hat keinen Feldnamen (Content-Disposition: form-data; name=…).")
	}
	if fileName, isFile := partFileName(p); isFile {
		return r.readFile(p, name, fileName)
	}
	r.nField++
	if r.nField > r.o.MaxFields {
		return municat.Errorf(municat.ETOOLARGE, "Das Formular hat mehr als %d Felder.", r.o.MaxFields)
	}
	b, err := io.ReadAll(io.LimitReader(p, r.o.MaxField+1))
	if err != nil {
		return passLimit(err)
	}
	if int64(len(b)) > r.o.MaxField {
		return municat.Errorf(municat.ETOOLARGE, "Das Feld %q ist länger als die erlaubten %s.", name, FormatSize(r.o.MaxField))
	}
	r.fields.Add(name, string(b))
	return nil
}

// partFileName returns the file name of a file part; isFile is false for a
// text field. A browser sends an empty file input as a file part with an
// empty name.
func partFileName(p *multipart.Part) (name string, isFile bool) {
	_, params, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
	if err != nil {
		return "", false
	}
	name, isFile = params["filename"]
	return name, isFile
}

// readFile spools the file part to a temporary file.
func (r *formReader) readFile(p *multipart.Part, field, name string) error {
	if r.o.FileField == "" || field != r.o.FileField {
		if r.o.FileField == "" {
			return municat.Errorf(municat.EINVALID, "Dieses Formular nimmt keine Dateien an (Feld %q).", field)
		}
		return municat.Errorf(municat.EINVALID, "Die Datei gehört in das Feld %q, nicht in %q.", r.o.FileField, field)
	}
	if r.file != nil {
		return municat.Errorf(municat.EINVALID, "Bitte senden Sie nur eine Datei je Anfrage.")
	}
	f, err := os.CreateTemp(r.o.TempDir, "municat-upload-*")
	if err != nil {
		return err
	}
	r.spool = f
	n, err := io.Copy(f, io.LimitReader(p, r.o.MaxFile+1))
	if err != nil {
		return passLimit(err)
	}
	if n > r.o.MaxFile {
		return FileTooLarge(r.o.MaxFile)
	}
	name = baseName(name)
	if name == "" && n == 0 {
		// An empty file input: no file.
		return r.dropSpool()
	}
	r.file = &File{Field: field, Name: name, ContentType: p.Header.Get(fiber.HeaderContentType), Size: n}
	return nil
}

// dropSpool removes the spooled file.
func (r *formReader) dropSpool() error {
	f := r.spool
	r.spool = nil
	f.Close()
	return os.Remove(f.Name())
}

// cleanup removes the spooled file, if any.
func (r *formReader) cleanup() {
	if r.spool != nil {
		r.dropSpool()
	}
}

// baseName returns the last element of a file name sent with either kind
// of slash, without control characters.
func baseName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	if name == "." || name == "/" || name == ".." {
		return ""
	}
	return name
}
