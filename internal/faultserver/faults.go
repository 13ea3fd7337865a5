package faultserver

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// A Fault answers a request in place of the wrapped handler next, which it
// may call to get the normal answer and spoil it. A Fault is called from
// many goroutines at once. The request's context ends when the client goes
// away or the server closes; a fault that waits must watch it.
//
// What each fault does to a client:
//
//	FailN, Fail, FailNRetryAfter  HTTP 5xx (optionally Retry-After), then the normal answer
//	Hang                          no answer at all, not even headers
//	Truncate                      headers with the full Content-Length, half the body, connection closed
//	MalformedJSON, MalformedXML   200 with half the body and junk that cannot continue it
//	Huge, HugeDeclared            200 with n bytes of blanks, streamed
//	EndlessNext                   paging that never ends (CKAN count, Hydra next link)
//	SlowDrip                      the normal answer, one byte every d
type Fault func(w http.ResponseWriter, r *http.Request, next http.Handler)

// Fail answers every request with HTTP status.
func Fail(status int) Fault { return FailNRetryAfter(status, -1, "") }

// FailN answers the next n requests it gets with HTTP status and passes
// later ones on to the wrapped handler: a source that recovers. n < 0
// fails forever.
func FailN(status, n int) Fault { return FailNRetryAfter(status, n, "") }

// FailNRetryAfter is FailN whose failures carry the header Retry-After:
// retryAfter (seconds or an HTTP date), unless it is "".
func FailNRetryAfter(status, n int, retryAfter string) Fault {
	var failed atomic.Int64
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if n >= 0 && failed.Add(1) > int64(n) {
			next.ServeHTTP(w, r)
			return
		}
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		http.Error(w, http.StatusText(status), status)
	}
}

// Hang never answers: it waits until the client goes away or the server
// closes, without sending even the status line.
func Hang() Fault {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		<-r.Context().Done()
	}
}

// Truncate sends the normal answer's status and headers with its full
// Content-Length, then half its body, then closes the connection. The
// client reads an unexpected end of the body. (The body must have at least
// 2 bytes for anything to be missing.)
func Truncate() Fault {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		rec := record(next, r)
		body := rec.Body.Bytes()
		writeHeader(w, rec, len(body))
		_, _ = w.Write(body[:len(body)/2])
		_ = http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler) // closes the connection without a log line
	}
}

// MalformedJSON answers 200 with the first half of the normal body followed
// by "{,", which no JSON document can contain outside a string: the answer
// is never valid JSON. Content-Type and Content-Length are consistent with
// what is sent, so only parsing finds the fault.
func MalformedJSON() Fault { return malformed("{,") }

// MalformedXML answers 200 with the first half of the normal body followed
// by a closing tag that matches no open element (and may not appear inside
// an attribute or a tag): the answer is never well-formed XML.
func MalformedXML() Fault { return malformed("</faultserver-garbled>") }

func malformed(junk string) Fault {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		rec := record(next, r)
		body := rec.Body.Bytes()
		out := append(body[:len(body)/2:len(body)/2], junk...)
		rec.Code = http.StatusOK
		writeHeader(w, rec, len(out))
		_, _ = w.Write(out)
	}
}

// blanks is what Huge streams, a chunk at a time.
var blanks = bytes.Repeat([]byte{' '}, 64<<10)

// Huge answers 200 with n blanks, with the normal answer's Content-Type but
// no Content-Length (chunked), so that only a cap on reading stops the
// client. It streams the body from a small buffer: a 50 MB answer costs the
// test no memory, and it stops writing when the client hangs up (see
// Server.Sent).
func Huge(n int64) Fault { return huge(n, false) }

// HugeDeclared is Huge with the Content-Length of n declared up front, so a
// client can refuse the body before reading it.
func HugeDeclared(n int64) Fault { return huge(n, true) }

func huge(n int64, declare bool) Fault {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		if ct := record(next, r).Header().Get("Content-Type"); ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		if declare {
			w.Header().Set("Content-Length", strconv.FormatInt(n, 10))
		}
		w.WriteHeader(http.StatusOK)
		for left := n; left > 0 && r.Context().Err() == nil; {
			m := min(left, int64(len(blanks)))
			if _, err := w.Write(blanks[:m]); err != nil {
				return
			}
			left -= m
		}
	}
}

// SlowDrip sends the normal answer's status and headers (with
// Content-Length) at once, then its body one byte every d: a source that
// answers, but so slowly that only a time limit on the whole request ends
// it. It stops when the client goes away or the server closes.
func SlowDrip(d time.Duration) Fault {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		rec := record(next, r)
		body := rec.Body.Bytes()
		writeHeader(w, rec, len(body))
		rc := http.NewResponseController(w)
		t := time.NewTicker(d)
		defer t.Stop()
		for i := range body {
			if _, err := w.Write(body[i : i+1]); err != nil {
				return
			}
			_ = rc.Flush()
			select {
			case <-r.Context().Done():
				return
			case <-t.C:
			}
		}
	}
}

// MaxCount is the package count EndlessNext claims for a CKAN answer.
const MaxCount = 1_000_000

// EndlessNext makes a paged listing never end, in the way of the normal
// answer's Content-Type:
//
//   - JSON (CKAN package_search): the wrapped handler is asked for start=0
//     whatever the client asks for, and the first "count" of the answer is
//     raised to MaxCount, so every page repeats the same packages and the
//     count is never reached;
//   - anything else is taken as RDF/XML (a DCAT catalogue): its Hydra paging
//     blocks (hydra:PagedCollection, hydra:PartialCollectionView) are
//     replaced by one for the requested page ?page=N (1 if absent) whose
//     hydra:next links to the fresh URL ?page=N+1 on this server, so every
//     page differs and links to a page not seen before.
func EndlessNext() Fault {
	return func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		rec := record(next, r)
		if strings.Contains(rec.Header().Get("Content-Type"), "json") {
			r2 := r.Clone(r.Context())
			q := r2.URL.Query()
			if q.Has("start") {
				q.Set("start", "0")
				r2.URL.RawQuery = q.Encode()
				rec = record(next, r2)
			}
			rec.Body = bytes.NewBuffer(raiseCount(rec.Body.Bytes()))
		} else {
			rec.Body = bytes.NewBuffer(endlessHydra(rec.Body.Bytes(), r))
		}
		writeHeader(w, rec, rec.Body.Len())
		_, _ = w.Write(rec.Body.Bytes())
	}
}

var countRE = regexp.MustCompile(`"count"\s*:\s*\d+`)

// raiseCount sets the first "count" of a JSON body to MaxCount.
func raiseCount(body []byte) []byte {
	loc := countRE.FindIndex(body)
	if loc == nil {
		return body
	}
	out := append([]byte(nil), body[:loc[0]]...)
	out = fmt.Appendf(out, `"count": %d`, MaxCount)
	return append(out, body[loc[1]:]...)
}

var hydraBlockRE = regexp.MustCompile(`(?s)<hydra:(?:PagedCollection|PartialCollectionView)\b.*?</hydra:(?:PagedCollection|PartialCollectionView)>`)

// endlessHydra replaces the Hydra blocks of an RDF/XML body with one for
// the page r asks for, linking to the next page, before </rdf:RDF>.
func endlessHydra(body []byte, r *http.Request) []byte {
	page, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	base := "http://" + r.Host + r.URL.Path + "?page="
	var block bytes.Buffer
	block.WriteString(`<hydra:PagedCollection xmlns:hydra="http://www.w3.org/ns/hydra/core#" rdf:about="`)
	_ = xml.EscapeText(&block, []byte(base+strconv.Itoa(page)))
	block.WriteString(`"><hydra:next>`)
	_ = xml.EscapeText(&block, []byte(base+strconv.Itoa(page+1)))
	block.WriteString("</hydra:next></hydra:PagedCollection>\n")

	body = hydraBlockRE.ReplaceAll(body, nil)
	i := bytes.LastIndex(body, []byte("</rdf:RDF>"))
	if i < 0 {
		i = len(body)
	}
	out := append([]byte(nil), body[:i]...)
	out = append(out, block.Bytes()...)
	return append(out, body[i:]...)
}

// record returns the normal answer of next to r.
func record(next http.Handler, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	next.ServeHTTP(rec, r)
	return rec
}

// writeHeader sends rec's headers with Content-Length n, and its status.
func writeHeader(w http.ResponseWriter, rec *httptest.ResponseRecorder, n int) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(n))
	w.WriteHeader(rec.Code)
}
