package server

import (
	_ "embed"

	"github.com/gofiber/fiber/v2"
)

// OpenAPI is the OpenAPI 3.1 description of the API, served at
// /api/v1/openapi.yaml. A test keeps it in step with the routes and the
// types of the answers.
//
//go:embed openapi.yaml
var OpenAPI []byte

// openAPI answers GET /api/v1/openapi.yaml.
func openAPI(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "application/yaml")
	c.Set(fiber.HeaderCacheControl, apiCacheControl)
	return c.Send(OpenAPI)
}
