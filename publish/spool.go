package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"

	"github.com/municat/municat"
)

// spooled is an upload buffered in a temporary file.
type spooled struct {
	path   string
	size   int64
	sha256 string // hex
	head   []byte // the first sniffLen bytes
}

// remove deletes the temporary file.
func (sp *spooled) remove() { os.Remove(sp.path) }

// headWriter keeps the first bytes written to it.
type headWriter struct{ buf []byte }

func (w *headWriter) Write(p []byte) (int, error) {
	if n := sniffLen - len(w.buf); n > 0 {
		w.buf = append(w.buf, p[:min(n, len(p))]...)
	}
	return len(p), nil
}

// spool copies body to a temporary file, hashing it on the way, and stops
// with ETOOLARGE one byte after the size limit. On every error the file is
// gone again.
func (s *Service) spool(body io.Reader) (*spooled, error) {
	f, err := os.CreateTemp(s.tempDir, "municat-upload-*")
	if err != nil {
		return nil, fmt.Errorf("publish: temporary file: %w", err)
	}
	sp := &spooled{path: f.Name()}
	h, head := sha256.New(), &headWriter{}
	n, err := io.Copy(io.MultiWriter(f, h, head), io.LimitReader(body, s.maxUpload+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	switch {
	case err != nil:
		sp.remove()
		return nil, fmt.Errorf("publish: receive upload: %w", err)
	case n > s.maxUpload:
		sp.remove()
		return nil, municat.Errorf(municat.ETOOLARGE, "Die Datei ist größer als %s und kann nicht hochgeladen werden. Teilen Sie sie auf oder packen Sie sie als ZIP-Archiv; eine noch größere Datei verlinken Sie mit ihrer Web-Adresse.", formatSize(s.maxUpload))
	case n == 0:
		sp.remove()
		return nil, municat.Errorf(municat.EINVALID, "Die Datei ist leer. Wählen Sie die Datei mit den Daten aus.")
	}
	sp.size, sp.sha256, sp.head = n, hex.EncodeToString(h.Sum(nil)), head.buf
	return sp, nil
}
