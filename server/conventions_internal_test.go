package server

import (
	"fmt"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/municat/municat"
)

func TestNegotiateEncoding(t *testing.T) {
	for _, tc := range []struct {
		header, want string
	}{
		{"", ""},
		{"gzip, deflate, br, zstd", "gzip"}, // Firefox, Chrome: gzip on a tie
		{"deflate, gzip, br, zstd", "gzip"}, // curl --compressed
		{"gzip", "gzip"},                    // Go's http.Transport
		{"identity", ""},
		{"gzip;q=1.0, br;q=0.5", "gzip"},
		{"br;q=0.5, gzip;q=0.5", "gzip"},
		{"br, gzip;q=0.9", "br"},
		{"br;q=0, gzip", "gzip"},
		{"br;q=0, gzip;q=0", ""},
		{"*", "gzip"},
		{"*, gzip;q=0.5", "br"},
		{"*;q=0.3, gzip;q=0.5", "gzip"},
		{"*;q=0, identity", ""},
		{"x-gzip", "gzip"},
		{"BR", "br"},
		{"br;q=2, gzip", "gzip"}, // a bad weight drops the entry
		{"br; q=0.8 , gzip; Q=0.9", "gzip"},
		{"deflate", ""},
		{";;;,,,", ""},
	} {
		if got := negotiateEncoding(tc.header); got != tc.want {
			t.Errorf("negotiateEncoding(%q) = %q, want %q", tc.header, got, tc.want)
		}
	}
}

// FuzzNegotiateEncoding checks that any Accept-Encoding header gives a
// coding the client named (directly or by "*") with a weight above 0.
func FuzzNegotiateEncoding(f *testing.F) {
	for _, s := range []string{
		"gzip, deflate, br, zstd", "gzip, deflate", "br;q=1.0, gzip;q=0.8, *;q=0.1", "identity;q=1, *;q=0",
		"gzip;q=0,br;q=0.001", "x-gzip", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		got := negotiateEncoding(header)
		lower := strings.ToLower(header)
		switch got {
		case "":
		case codingBrotli:
			if !strings.Contains(lower, "br") && !strings.Contains(lower, "*") {
				t.Fatalf("%q gave br", header)
			}
		case codingGzip:
			if !strings.Contains(lower, "gzip") && !strings.Contains(lower, "*") {
				t.Fatalf("%q gave gzip", header)
			}
		default:
			t.Fatalf("%q gave %q", header, got)
		}
	})
}

func TestCompressible(t *testing.T) {
	for ct, want := range map[string]bool{
		"application/json":                true,
		"application/json; charset=utf-8": true,
		"application/problem+json":        true,
		"application/ld+json":             true,
		"text/csv; charset=utf-8":         true,
		"text/turtle":                     true,
		"application/rdf+xml":             true,
		"application/n-triples":           true,
		"application/yaml":                true,
		"text/html; charset=utf-8":        true,
		"application/zip":                 false,
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": false,
		"image/png":                false,
		"application/octet-stream": false,
		"application/pdf":          false,
		"":                         false,
		"not a type":               false,
	} {
		if got := compressible(ct); got != want {
			t.Errorf("compressible(%q) = %v, want %v", ct, got, want)
		}
	}
}

// benchmarkApp returns an app answering GET /api/v1/datasets/x with body
// as JSON: bare, or behind the conventions and the rate limit as New
// installs them (without authentication).
func benchmarkApp(body []byte, conventions bool) *fiber.App {
	// The budget is large enough for every request to pass: the limit is
	// measured, not hit.
	h := &handlers{log: slog.New(slog.DiscardHandler), limits: newRateLimits(RateLimitConfig{Reads: 1 << 30})}
	app := fiber.New(fiber.Config{ErrorHandler: h.handleError})
	if conventions {
		app.Use(h.conventions)
		app.Use(h.rateLimit)
	}
	app.Get("/api/v1/datasets/:id", func(c *fiber.Ctx) error {
		cacheControl(c)
		c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
		return c.Send(body)
	})
	return app
}

// BenchmarkConventions measures what the conventions add to a typical
// JSON answer, a search page of 20 datasets (about 9 KiB): "bare" is the
// handler alone, the others run through the middleware with the
// Accept-Encoding given. Every request comes from one of 1000 client
// addresses.
func BenchmarkConventions(b *testing.B) {
	words := strings.Fields("Bäume Radwege Haushalt Parkplätze Luftqualität Schulen Kitas Wahlen Bebauungspläne Spielplätze Toiletten Defibrillatoren Baustellen Gewässer Friedhöfe Denkmäler Bibliotheken Sportstätten Ladesäulen Haltestellen")
	page := SearchResponse{Total: 412, Page: 1, PerPage: 20, Facets: map[string][]FacetValue{}}
	for i, w := range words {
		m := time.Date(2026, time.Month(i%12+1), i+1, 8, 0, 0, 0, time.UTC)
		page.Items = append(page.Items, DatasetSummary{
			ID: fmt.Sprintf("stadt-musterstadt.%s-%d", strings.ToLower(w), 2020+i), Title: municat.Text{"de": w + " in Musterstadt " + fmt.Sprint(2020+i)},
			Description:  municat.Text{"de": fmt.Sprintf("Verzeichnis %s der Stadt Musterstadt, Stand %s, mit Lage, Art und Zuständigkeit; %d Einträge.", w, m.Format("02.01.2006"), 100+37*i)},
			Organization: "stadt-musterstadt", Themes: []string{[]string{"ENVI", "TRAN", "GOVE", "EDUC", "HEAL"}[i%5]},
			Formats: []string{"CSV", "GEOJSON"}[:1+i%2], License: "dl-by-de/2.0", Modified: &m,
			URL: fmt.Sprintf("https://daten.example.de/api/v1/datasets/stadt-musterstadt.%s-%d", strings.ToLower(w), 2020+i),
		})
	}
	for _, name := range municat.FacetNames {
		page.Facets[name] = []FacetValue{{Value: "ENVI", Count: 120}, {Value: "TRAN", Count: 80}, {Value: "GOVE", Count: 35}}
	}
	body, err := marshalJSON(page)
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name, accept string
		conventions  bool
	}{
		{"bare", "", false},
		{"identity", "", true},
		{"gzip", "gzip", true},
		{"br", "gzip, deflate, br, zstd", true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			handler := benchmarkApp(body, tc.conventions).Handler()
			var ctx fasthttp.RequestCtx
			var sent int
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				ctx.Request.Reset()
				ctx.Response.Reset()
				ctx.Request.SetRequestURI("/api/v1/datasets/x")
				if tc.accept != "" {
					ctx.Request.Header.Set(fiber.HeaderAcceptEncoding, tc.accept)
				}
				ctx.SetRemoteAddr(&net.TCPAddr{IP: net.IPv4(192, 0, 2, byte(i%250)), Port: 1000 + i%4})
				handler(&ctx)
				if ctx.Response.StatusCode() != fiber.StatusOK {
					b.Fatalf("status %d", ctx.Response.StatusCode())
				}
				sent = len(ctx.Response.Body())
			}
			b.ReportMetric(float64(sent), "bytes/answer")
		})
	}
}

func TestDatasetModified(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	at := func(days int) *time.Time { t := now.AddDate(0, 0, days); return &t }
	for _, tc := range []struct {
		name string
		d    municat.Dataset
		want time.Time
	}{
		{"nothing known", municat.Dataset{}, time.Time{}},
		{"modified", municat.Dataset{Modified: at(-10)}, *at(-10)},
		{"harvested later", municat.Dataset{Modified: at(-400), Harvested: at(-2)}, *at(-2)},
		{"withdrawn", municat.Dataset{Modified: at(-10), WithdrawnAt: at(-1)}, *at(-1)},
		{"source clock ahead", municat.Dataset{Modified: at(3), Harvested: at(-5)}, *at(-5)},
		{"distribution changed", municat.Dataset{Modified: at(-10), Distributions: []municat.Distribution{{Modified: at(-4)}}}, *at(-4)},
		{"version stored", municat.Dataset{Distributions: []municat.Distribution{{Versions: []municat.FileVersion{{Stored: *at(-3)}}}}}, *at(-3)},
		{"scheduled version became current", municat.Dataset{Distributions: []municat.Distribution{{Versions: []municat.FileVersion{{Stored: *at(-9), PublishAt: at(-1)}}}}}, *at(-1)},
		{"version scheduled later", municat.Dataset{Distributions: []municat.Distribution{{Versions: []municat.FileVersion{{Stored: *at(-9), PublishAt: at(5)}}}}}, *at(-9)},
	} {
		if got := datasetModified(&tc.d, now); !got.Equal(tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
