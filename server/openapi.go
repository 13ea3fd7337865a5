package server

import (
	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat/server/openapi"
)

// openAPI answers GET /api/v1/openapi.yaml: the OpenAPI 3.1 description
// of the API, the fragments in server/openapi merged into one document.
// Tests keep it in step with the routes and the answers.
func openAPI(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "application/yaml")
	c.Set(fiber.HeaderCacheControl, apiCacheControl)
	return c.Send(openapi.YAML())
}

// openAPIJSON answers GET /api/v1/openapi.json.
func openAPIJSON(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	c.Set(fiber.HeaderCacheControl, apiCacheControl)
	return c.Send(openapi.JSON())
}
