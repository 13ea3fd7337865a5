package ods

// WithSearchWindow sets f's search window to n datasets, so that tests can
// cross it without serving 10 000 datasets.
func WithSearchWindow(f *Fetcher, n int) *Fetcher {
	f.window = n
	return f
}
