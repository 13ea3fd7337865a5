package main

import (
	"flag"
	"io"

	"github.com/gofiber/fiber/v2"
)

// serveHello runs the Fiber hello-world server the harness measures the
// ceiling with: a default fiber.New() app answering GET / with
// "Hello, World!". It returns only on failure.
func serveHello(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("hello", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:3000", "address to listen on")
	if err := fs.Parse(args); err != nil {
		return err
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/", func(c *fiber.Ctx) error { return c.SendString("Hello, World!") })
	return app.Listen(*listen)
}
