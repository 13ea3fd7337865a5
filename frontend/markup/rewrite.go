package markup

import (
	"bytes"
	"html"
	"strings"

	nethtml "golang.org/x/net/html"
)

// rewrite demotes headings and replaces images in rendered HTML. It leaves
// every other token as it was: sanitising is the policy's job, and the
// policy runs on rewrite's output.
//
// Headings: a description sits under the page's <h2>, so h1 and h2 become
// h3, h3 becomes h4, h4 h5, and h5 and h6 become h6. Their attributes are
// dropped.
//
// Images: the page must not load anything from another host, so an <img>
// becomes a link to its source with the alt text as label (the source
// itself when there is no alt text). Inside another link, or when the
// source is not an http(s) URL, only the alt text remains.
func rewrite(src []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(src))
	z := nethtml.NewTokenizer(bytes.NewReader(src))
	inLink := 0 // depth of open <a> elements
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			// io.EOF, or a tokenizer limit; what was read is written.
			return out.Bytes()
		}
		raw := z.Raw()
		if tt != nethtml.StartTagToken && tt != nethtml.EndTagToken && tt != nethtml.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		// TagName lowercases the name in place, so raw stays usable.
		name, hasAttr := z.TagName()
		switch {
		case len(name) == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6':
			out.WriteByte('<')
			if tt == nethtml.EndTagToken {
				out.WriteByte('/')
			}
			out.WriteByte('h')
			out.WriteByte(demote(name[1]))
			out.WriteByte('>')
		case string(name) == "a":
			switch tt {
			case nethtml.StartTagToken:
				inLink++
			case nethtml.EndTagToken:
				if inLink > 0 {
					inLink--
				}
			}
			out.Write(raw)
		case string(name) == "img":
			if tt == nethtml.EndTagToken {
				continue // </img> is no element; drop it.
			}
			var alt, srcURL string
			for more := hasAttr; more; {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "alt":
					alt = strings.TrimSpace(string(v))
				case "src":
					srcURL = strings.TrimSpace(string(v))
				}
			}
			writeImage(&out, alt, srcURL, inLink > 0)
		default:
			out.Write(raw)
		}
	}
}

// demote returns the level digit a heading of level digit l gets.
func demote(l byte) byte {
	switch {
	case l <= '2':
		return '3'
	case l >= '5':
		return '6'
	default:
		return l + 1
	}
}

// writeImage writes what stands in for an image: a link to src labelled
// alt, or just alt.
func writeImage(out *bytes.Buffer, alt, src string, inLink bool) {
	if inLink || !isHTTP(src) {
		out.WriteString(html.EscapeString(alt))
		return
	}
	label := alt
	if label == "" {
		label = src
	}
	out.WriteString(`<a href="`)
	out.WriteString(html.EscapeString(src))
	out.WriteString(`">`)
	out.WriteString(html.EscapeString(label))
	out.WriteString(`</a>`)
}

// isHTTP reports whether u is an absolute http or https URL.
func isHTTP(u string) bool {
	scheme, _, ok := strings.Cut(u, ":")
	return ok && (strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https"))
}
