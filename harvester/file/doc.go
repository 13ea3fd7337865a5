// Package file harvests a data file published at a URL on a schedule, such
// as the nightly export of a municipal system (source type
// municat.SourceFile). municat keeps a copy of every version of the file:
// each run downloads it, and when its bytes changed, stores them as a new
// version of the dataset's one distribution; the dataset's modified date
// moves only then.
//
// # Config form
//
// Without the option "metadata", src.URL is the file's address and the
// source's options describe its one dataset:
//
//	title          the title (required)
//	description    the description
//	keywords       keywords, separated by "," (or ";")
//	themes         EU themes as codes (ENVI) or names (Umwelt), separated alike
//	license        the licence, e.g. dl-by-de/2.0 or CC-BY-4.0
//	format         the file type (else from the file's extension or media type)
//	frequency      how often it changes, e.g. DAILY, täglich, R/P1D
//	landing_page   a web page about the dataset
//	publisher      the name of the publishing body
//	contact_email  the address to write to with questions
//	id             the remote id (else derived from the file's name:
//	               "Bäume 2024.csv" → "baeume-2024"; set it if the name
//	               changes from export to export)
//
// A problem with the options (no title, an unknown theme, …) is listed in
// the run as a failed record, and a dataset published from an earlier run
// stays published; a download that fails fails the run, and nothing is
// withdrawn.
//
// # Sidecar form
//
// With the option "metadata", its value is the address of a metadata CSV
// (relative to src.URL, or absolute) with one row per dataset, as
// Opendatasoft's "FTP with meta CSV" reads it. The CSV is UTF-8 (with or
// without byte-order mark), UTF-16 with byte-order mark, or else
// Windows-1252; separated by ";", "," or tabs, whichever its header row has
// most of. The header row names the columns, in English or German, in any
// order and case; unknown columns are ignored:
//
//	id, kennung, identifier
//	    the remote id (else derived from the file's name)
//	title, titel
//	    the title (required)
//	description, beschreibung
//	    the description
//	url, datei, datei_url, file, download_url
//	    the file's address, absolute or relative to the CSV's (required)
//	keywords, schlagworte, schlagwörter, tags
//	    keywords, separated by ";" or, if there is none, ","
//	theme, themes, kategorie, kategorien
//	    EU themes as codes or names, separated alike
//	license, licence, lizenz
//	    the licence
//	format, dateiformat
//	    the file type
//	frequency, aktualisierung, aktualisierungsintervall
//	    how often the file changes
//	landing_page, webseite
//	    a web page about the dataset
//	publisher, herausgeber
//	    the publishing body
//	contact_email, kontakt_email, email
//	    the address to write to with questions
//
// Spaces, "-" and "." in column names count as "_", so "Landing Page" and
// "Kontakt-E-Mail" match too. Rows are numbered as a spreadsheet shows them:
// the header is row 1.
//
// A row with a problem is listed in the run as a failed record naming its
// row number and the problem in German, and the other rows go on: a missing
// title or address, an unknown theme or frequency, a bad e-mail address or
// web page, an id an earlier row already has, a file that cannot be
// downloaded. A dataset published from an earlier run stays published. A
// row that cannot be read at all (broken quoting, another number of cells
// than the header) or names no dataset (no id, and no address to derive one
// from) is listed the same way and then makes the run incomplete, so that
// no dataset is withdrawn because of it. A CSV without a title or url
// column, or with more than MaxRows rows, fails the run.
//
// # Versions
//
// For each dataset a run reads the previous version from the catalogue and
// asks for the file with If-None-Match and If-Modified-Since from the
// newest stored version (unless the file's address changed since). A 304
// answer, or the same SHA-256 as the newest
// version, leaves the distribution's versions, file key, size, checksum and
// dates as they were, so the Runner counts the dataset unchanged (or
// updated, when only its metadata changed). New bytes append a
// municat.FileVersion (id: the first 16 hex digits of the SHA-256, key:
// catalog.FileVersionKey) and bring the file along in the Record, which the
// Runner stores when it writes the dataset; a file that goes back to the
// bytes of an older version gets a new entry with that version's id and a
// count ("…-2"), its key that of the same bytes. The distribution's DownloadURL
// stays empty: the server serves FileKey itself; AccessURL is the source's
// address of the file. Issued is the time of the first version, Modified
// that of the newest.
//
// All changed files of a source are held in temporary files until the one
// page of the run is emitted, so TempDir needs room for them.
package file
