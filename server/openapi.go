package server

import (
	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat/server/openapi"
)

// OpenAPI is the OpenAPI 3.1 description of the API as YAML, served at
// /api/v1/openapi.yaml: the fragments in server/openapi merged into one
// document. Tests keep it in step with the routes and the answers.
var OpenAPI = openapi.YAML

// OpenAPIJSON is OpenAPI as JSON, served at /api/v1/openapi.json.
var OpenAPIJSON = openapi.JSON

// openAPI answers GET /api/v1/openapi.yaml.
func openAPI(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "application/yaml")
	c.Set(fiber.HeaderCacheControl, apiCacheControl)
	return c.Send(OpenAPI)
}

// openAPIJSON answers GET /api/v1/openapi.json.
func openAPIJSON(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	c.Set(fiber.HeaderCacheControl, apiCacheControl)
	return c.Send(OpenAPIJSON)
}
