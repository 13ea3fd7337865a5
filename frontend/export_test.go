package frontend

// SetSitemapChunk sets the number of datasets per sitemap file and
// returns a function that restores it.
func SetSitemapChunk(n int) (restore func()) {
	old := sitemapChunk
	sitemapChunk = n
	return func() { sitemapChunk = old }
}
