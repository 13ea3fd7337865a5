// Package preview builds small, bounded previews of data files for the
// dataset pages: the first rows of a CSV or XLSX file as a [Table], and a
// GeoJSON file as a [Map] that can be drawn as an inline SVG.
//
// Data files on a municipal portal range from a few bytes to several
// gigabytes, and anybody can publish (or harvest) a hostile one. Every
// function here therefore works on a stream and stops early:
//
//   - CSV reads only until Offset+Limit+1 rows are parsed or
//     Options.MaxBytes (default 10 MiB) of input are consumed, whichever
//     comes first; a 2 GB file is never read whole. A single record longer
//     than [MaxLineBytes] (1 MiB, e.g. a file without line breaks or with an
//     unclosed quote) ends the preview.
//   - XLSX needs the whole zip archive, so it reads at most Options.MaxBytes
//     (default 20 MiB) and refuses larger files with [ErrTooLarge]; the
//     uncompressed size of the archive is checked before anything is
//     unpacked (zip bombs), and the worksheet is streamed row by row.
//   - GeoJSON reads at most GeoOptions.MaxBytes (default 20 MiB) and draws at
//     most GeoOptions.MaxFeatures features and GeoOptions.MaxVertices vertices.
//   - Every cell is cut to [MaxCellChars] characters and every row to
//     [MaxColumns] columns, so the rendered page stays small whatever the
//     file contains.
//
// Values are kept as text exactly as in the file: a German decimal comma
// ("7,11523") stays text, nothing is trimmed except the "\r" of CRLF line
// ends.
//
// Errors are meant to be shown to citizens: their Error() text (and
// municat.ErrorMessage) is German, and municat.ErrorCode classifies them.
// Use [errors.Is] with the exported Err… values to tell them apart; the
// technical cause, where there is one, is reachable through [errors.As] for
// logging but never part of the message.
//
// The package renders no HTML. [Map.SVG] and [BBoxSVG] return numbers and
// path strings for an inline <svg> written with html/template; shapes carry
// CSS classes only (no style attributes), so a strict Content-Security-Policy
// works. Rings of areas should be filled with "fill-rule: evenodd" in CSS so
// that holes stay holes.
package preview
