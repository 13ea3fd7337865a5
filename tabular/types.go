package tabular

import (
	"time"
)

// Type is the inferred type of a column.
type Type string

// The column types.
const (
	// Integer columns hold whole numbers (int64), possibly written with
	// German thousands dots.
	Integer Type = "integer"
	// Number columns hold decimal numbers (float64), with a decimal point or
	// a German decimal comma.
	Number Type = "number"
	// Boolean columns hold true/false, ja/nein, wahr/falsch or yes/no.
	Boolean Type = "boolean"
	// Date columns hold calendar dates, written as 2024-01-31 or 31.01.2024;
	// the API shows them as ISO 8601 dates.
	Date Type = "date"
	// Text is every other column.
	Text Type = "text"
)

// MaxDistinct caps the distinct values counted per column in the schema.
const MaxDistinct = 1000

// Column describes one column of a table.
type Column struct {
	// Name is the header cell as in the file.
	Name string `json:"name"`
	// Key is the column's identifier in the API: lower-case ASCII letters,
	// digits and single underscores, unique in the table.
	Key string `json:"key"`
	// Type is the inferred type.
	Type Type `json:"type"`
	// Count is the number of non-empty cells.
	Count int64 `json:"count"`
	// Nulls is the number of empty cells.
	Nulls int64 `json:"nulls"`
	// Min and Max are the smallest and largest value (nil if the column is
	// empty), typed as in rows.
	Min any `json:"min"`
	Max any `json:"max"`
	// Distinct is the number of distinct values, at most MaxDistinct.
	Distinct int `json:"distinct"`
	// DistinctCapped reports that there are more than MaxDistinct.
	DistinctCapped bool `json:"distinct_capped"`
}

// Schema describes a table: its columns and how the file was read.
type Schema struct {
	// Columns are the table's columns in file order.
	Columns []Column `json:"columns"`
	// Rows is the number of data rows.
	Rows int64 `json:"rows"`
	// Format is "csv" or "xlsx".
	Format string `json:"format"`
	// Encoding and Separator are the detected character encoding and
	// separator of a CSV file (see preview.Table).
	Encoding  string `json:"encoding,omitempty"`
	Separator string `json:"separator,omitempty"`
	// Sheet is the worksheet read from an XLSX file.
	Sheet string `json:"sheet,omitempty"`
	// CellsCut reports that cells longer than preview.MaxCellChars were cut.
	CellsCut bool `json:"cells_cut,omitempty"`
	// Fingerprint identifies the file version the table was made from.
	Fingerprint string `json:"fingerprint"`
	// Processed is when the table was made.
	Processed time.Time `json:"processed"`
}

// Column returns the index and the column with key, or -1 and nil.
func (s *Schema) Column(key string) (int, *Column) {
	for i := range s.Columns {
		if s.Columns[i].Key == key {
			return i, &s.Columns[i]
		}
	}
	return -1, nil
}

// The processing states of a table.
const (
	// Queued tables wait for a worker.
	Queued = "queued"
	// Processing tables are being parsed.
	Processing = "processing"
	// Ready tables can be queried.
	Ready = "ready"
	// Failed tables could not be made; Status.Error says why.
	Failed = "failed"
)

// Status is the processing state of a table, stored as status.json.
type Status struct {
	// Dataset and Distribution name the distribution the table is made from.
	Dataset      string `json:"dataset"`
	Distribution string `json:"distribution"`
	// Fingerprint identifies the file version.
	Fingerprint string `json:"fingerprint"`
	// State is Queued, Processing, Ready or Failed; "" if there is no table.
	State string `json:"state"`
	// BytesDone and BytesTotal measure the progress: the file is read
	// twice, so BytesTotal is twice its size.
	BytesDone  int64 `json:"bytes_done"`
	BytesTotal int64 `json:"bytes_total"`
	// Rows is the number of data rows read so far (all of them once ready).
	Rows int64 `json:"rows"`
	// Queued, Started and Finished are when the table was queued, its
	// processing started and ended.
	Queued   *time.Time `json:"queued,omitempty"`
	Started  *time.Time `json:"started,omitempty"`
	Finished *time.Time `json:"finished,omitempty"`
	// Error says in German why processing failed.
	Error string `json:"error,omitempty"`
}

// Percent returns the progress in whole percent (100 once ready).
func (s Status) Percent() int {
	switch {
	case s.State == Ready:
		return 100
	case s.BytesTotal <= 0:
		return 0
	}
	return int(min(99, s.BytesDone*100/s.BytesTotal))
}
