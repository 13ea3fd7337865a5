package admin

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat/internal/upload"
)

// readUpload reads the multipart upload form with upload.Multipart, as a
// stream under the file size limit, and calls fn with its fields and file
// (nil if none was chosen). The form sends its CSRF token in the action URL,
// so nothing reads the body before this.
func readUpload(c *fiber.Ctx, o upload.Options, fn func(url.Values, *upload.File) error) error {
	// The guard has let the person in: a large file over a slow line may
	// take longer than the server's read timeout.
	upload.AllowTime(c, upload.Timeout)
	return upload.Multipart(c, o, fn)
}
