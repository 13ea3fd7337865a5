package server

import (
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/municat/municat"
	"github.com/municat/municat/search/suggest"
)

// SuggestResponse is the answer of GET /api/v1/suggest.
type SuggestResponse struct {
	// Query is the text the suggestions complete: q without leading and
	// trailing white space, each run of white space inside made one space.
	Query string `json:"query"`
	// Suggestions are the completions of Query, at most limit of them:
	// dataset titles in search order, then keywords, then organisations,
	// each by their number of datasets. Empty (never null) when q has
	// fewer than two letters or nothing completes it.
	Suggestions []suggest.Suggestion `json:"suggestions"`
}

// suggestLangs are the values of the lang parameter.
var suggestLangs = map[string]bool{"de": true, "en": true}

// suggestions returns the handler of GET /api/v1/suggest?q=&limit=&lang=,
// with Config.Suggester (or one it makes) for all requests: it holds the
// catalogue's keywords and organisations for a minute.
func (h *handlers) suggestions() fiber.Handler {
	s := h.cfg.Suggester
	if s == nil {
		s = suggest.New(suggest.Config{Index: h.cfg.Index, Catalog: h.cfg.Catalog, Logger: h.log})
	}
	return func(c *fiber.Ctx) error {
		values, err := queryValues(c)
		if err != nil {
			return err
		}
		req, err := parseSuggest(values)
		if err != nil {
			return err
		}
		found, err := s.Suggest(c.UserContext(), req)
		if err != nil {
			if municat.ErrorCode(err) == municat.EINVALID {
				return err
			}
			return &municat.Error{Code: municat.EUNAVAILABLE, Message: "Suchvorschläge sind gerade nicht möglich. Bitte versuchen Sie es gleich noch einmal.", Err: err}
		}
		return sendJSON(c, SuggestResponse{Query: req.Text, Suggestions: found})
	}
}

// parseSuggest turns the parameters of GET /api/v1/suggest into a request:
// q (at most suggest.MaxQueryBytes bytes), limit (1 to suggest.MaxLimit,
// suggest.DefaultLimit if not given) and lang (de or en). Unknown
// parameters are ignored, as by parseSearch.
func parseSuggest(v url.Values) (suggest.Request, error) {
	req := suggest.Request{Limit: suggest.DefaultLimit, Lang: municat.DefaultLanguage}
	r := &paramReader{v: v}
	if s, ok := r.single("q"); ok {
		s = suggest.Normalize(s)
		if len(s) > suggest.MaxQueryBytes {
			r.bad("q", "Der Parameter \"q\" darf höchstens %d Bytes lang sein (Umlaute und ß zählen doppelt), nicht %d.", suggest.MaxQueryBytes, len(s))
		} else {
			req.Text = s
		}
	}
	if s, ok := r.single("limit"); ok {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > suggest.MaxLimit {
			r.bad("limit", "Der Parameter \"limit\" muss eine ganze Zahl zwischen 1 und %d sein, nicht %q.", suggest.MaxLimit, s)
		} else {
			req.Limit = n
		}
	}
	if s, ok := r.single("lang"); ok && s != "" {
		if suggestLangs[s] {
			req.Lang = s
		} else {
			r.bad("lang", "Der Parameter \"lang\" muss de oder en sein, nicht %q.", s)
		}
	}
	if err := r.err(); err != nil {
		return suggest.Request{}, err
	}
	return req, nil
}
