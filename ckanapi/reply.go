package ckanapi

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// reply is an action's result with what the answer's headers say about it.
type reply struct {
	// value is the result.
	value any
	// modified is the newest modification time of what it shows (zero if
	// unknown): the answer's Last-Modified.
	modified time.Time
	// page describes a page of a longer list, for the Link header.
	page *pageInfo
}

// pageInfo is the position of a page in a list.
type pageInfo struct {
	// offsetParam and limitParam are the parameters that page the list
	// (start and rows, or offset and limit).
	offsetParam, limitParam string
	// offset, limit and total are the page's offset and size and the
	// length of the list.
	offset, limit, total int
}

// setHeaders sets Last-Modified and Link for r on the answer. Links are
// GET URLs with every parameter of the request, the offset changed: first,
// prev and next (RFC 8288).
func (a *api) setHeaders(c *fiber.Ctx, p Params, r reply) {
	if !r.modified.IsZero() {
		c.Set(fiber.HeaderLastModified, r.modified.UTC().Format(http.TimeFormat))
	}
	pg := r.page
	if pg == nil || pg.limit <= 0 {
		return
	}
	link := func(offset int, rel string) string {
		q := url.Values{}
		for k, v := range p {
			q.Set(k, v)
		}
		q.Set(pg.limitParam, strconv.Itoa(pg.limit))
		q.Set(pg.offsetParam, strconv.Itoa(offset))
		return "<" + a.baseURL + c.Path() + "?" + q.Encode() + `>; rel="` + rel + `"`
	}
	links := []string{link(0, "first")}
	if pg.offset > 0 {
		links = append(links, link(max(pg.offset-pg.limit, 0), "prev"))
	}
	if pg.offset+pg.limit < pg.total && pg.offset+pg.limit <= MaxStart {
		links = append(links, link(pg.offset+pg.limit, "next"))
	}
	c.Set(fiber.HeaderLink, strings.Join(links, ", "))
}
