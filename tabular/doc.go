// Package tabular turns the CSV and XLSX files municat holds into tables
// that can be filtered, sorted, paged and aggregated without a query
// language: the row-level data API of /api/v1/datasets/{id}/distributions/{dist}/rows.
//
// A file is parsed once, in the background (Service), with the encoding,
// separator and header detection of package preview. A first pass infers
// the type of every column (Integer, Number with German decimal comma and
// thousands dots where the column is unambiguous, Boolean, Date, Text), a
// second writes the typed values in column-wise chunks. Everything lives in
// the object store, under a fingerprint of the file so that a new version
// of the file gets a new table:
//
//	tables/{dataset}/{dist}/{fingerprint}/status.json      Status: queued, processing, ready, failed
//	tables/{dataset}/{dist}/{fingerprint}/schema.json      Schema: the columns with types and statistics
//	tables/{dataset}/{dist}/{fingerprint}/chunks.json      the chunk index: rows and per-column min/max
//	tables/{dataset}/{dist}/{fingerprint}/chunks/{n}.bin   up to ChunkRows rows, column by column
//
// Queries (Table.Query, Table.Aggregate) stream the chunks one at a time,
// skip chunks whose min/max rule out a filter, and keep only the best page
// of rows in a heap, so memory is bounded by the page, not the file. Filters
// are allow-listed per column type (see Operators); column names are matched
// against the schema's keys and values are parsed by the column's type, so
// a request cannot reach anything but the table's cells.
package tabular
