package markup

import (
	"bytes"
	"strings"
)

// goldmark, like most Markdown parsers, takes super-linear time on some
// inputs (long runs of unclosed link destinations, mixed emphasis
// delimiters, deep nesting within a line). A description from a hostile
// source could make every page view burn seconds of CPU. So descriptions
// are rendered in chunks whose size bounds that cost:
//
//   - The source is split into blocks at blank lines outside fenced code.
//   - Consecutive blocks are packed into chunks of at most chunkBytes;
//     each chunk is rendered on its own, so a description of up to
//     chunkBytes renders exactly as a whole.
//   - A block larger than chunkBytes (a very long paragraph or line), and
//     everything after the first markdownBytes of the source, is not read
//     as Markdown but as HTML with line breaks (see writeVerbatim), which
//     is linear: HTML and plain text still render, Markdown syntax shows
//     as written.
//   - A table block (every line starting with "|", no line longer than
//     tableLineBytes) may be up to tableBytes: table cells are parsed one
//     by one, so long tables are cheap.
//
// Splitting loses what spans blank lines across a chunk boundary: loose
// list items may become separate lists, and link reference definitions
// apply within their chunk only.
const (
	chunkBytes     = 4 << 10
	markdownBytes  = 32 << 10
	tableBytes     = 32 << 10
	tableLineBytes = 1 << 10
)

// convert writes the HTML of src (prepared) to out, chunk by chunk.
func convert(src string, out *bytes.Buffer) {
	if len(src) <= chunkBytes {
		markdownChunk(src, out)
		return
	}
	var chunk strings.Builder
	flush := func() {
		if chunk.Len() > 0 {
			markdownChunk(chunk.String(), out)
			chunk.Reset()
		}
	}
	done := 0 // bytes of src handled
	for done < len(src) {
		if done >= markdownBytes {
			flush()
			writeVerbatim(src[done:], out)
			return
		}
		block := nextBlock(src[done:])
		done += len(block)
		switch {
		case len(block) > chunkBytes && isTable(block):
			flush()
			markdownChunk(block, out)
		case len(block) > chunkBytes:
			flush()
			writeVerbatim(block, out)
		case chunk.Len()+len(block) > chunkBytes:
			flush()
			chunk.WriteString(block)
		default:
			chunk.WriteString(block)
		}
	}
	flush()
}

// markdownChunk renders one chunk with goldmark.
func markdownChunk(src string, out *bytes.Buffer) {
	// goldmark fails only when writing fails, which a bytes.Buffer does
	// not; on error what was written still goes to the sanitiser.
	_ = md.Convert([]byte(src), out)
}

// writeVerbatim writes src as HTML: paragraphs at blank lines, <br> at
// other line breaks. Raw HTML in it stays HTML for the sanitiser to judge;
// plain text stays text (a lone '<' or '&' is not markup to the HTML
// tokenizer, and the sanitiser escapes it).
func writeVerbatim(src string, out *bytes.Buffer) {
	var lines []string
	emit := func() {
		if len(lines) > 0 {
			out.WriteString("<p>")
			out.WriteString(strings.Join(lines, "<br>\n"))
			out.WriteString("</p>\n")
			lines = lines[:0]
		}
	}
	for line := range strings.Lines(src) {
		if strings.TrimSpace(line) == "" {
			emit()
			continue
		}
		lines = append(lines, strings.TrimSuffix(line, "\n"))
	}
	emit()
}

// nextBlock returns the first block of src: its lines up to and including
// the blank lines that end it, not ending inside a fenced code block.
func nextBlock(src string) string {
	fence := "" // the opening fence while inside fenced code
	n := 0
	blankSeen := false
	for line := range strings.Lines(src) {
		blank := strings.TrimSpace(line) == ""
		if blankSeen && !blank && fence == "" {
			return src[:n]
		}
		n += len(line)
		if f := fenceOf(line); f != "" {
			switch {
			case fence == "":
				fence = f
			case f[0] == fence[0] && len(f) >= len(fence):
				fence = ""
			}
		}
		blankSeen = blank && fence == ""
	}
	return src
}

// fenceOf returns the code fence ("```" or "~~~", or longer) line opens
// or closes, or "".
func fenceOf(line string) string {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || len(t) < 3 || (t[0] != '`' && t[0] != '~') {
		return ""
	}
	i := 0
	for i < len(t) && t[i] == t[0] {
		i++
	}
	if i < 3 {
		return ""
	}
	return t[:i]
}

// isTable reports whether block looks like a Markdown table with short
// lines and is at most tableBytes long.
func isTable(block string) bool {
	if len(block) > tableBytes {
		return false
	}
	for line := range strings.Lines(block) {
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		if t[0] != '|' || len(line) > tableLineBytes {
			return false
		}
	}
	return true
}
