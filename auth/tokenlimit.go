package auth

import (
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/municat/municat"
)

// The limit on failed bearer-token authentications, so that tokens cannot
// be guessed: a client IP may present at most TokenFailureLimit malformed
// or unknown tokens within TokenFailureWindow. Revoked and expired tokens
// do not count: they were real, not guessed, and a forgotten cron job that
// still sends one should keep getting the message that says so.
const (
	// TokenFailureLimit is the number of failed token authentications
	// allowed per client IP within TokenFailureWindow.
	TokenFailureLimit = 10
	// TokenFailureWindow is the window of TokenFailureLimit.
	TokenFailureWindow = time.Minute
)

// checkToken authenticates the bearer token secret (parseErr is the error
// of parsing it, if it was malformed) within the limit of failures per
// client IP. Beyond the limit it returns ETOOMANY, sets Retry-After and
// does not look the token up at all. A malformed or unknown token counts
// as a failure; a valid, revoked or expired one and a failure to read the
// store do not.
func (s *Service) checkToken(c *fiber.Ctx, secret string, parseErr error) (*municat.Token, error) {
	key := "ip:" + c.IP()
	now := s.now()
	if ok, wait := s.tokens.attempt(now, key); !ok {
		secs := int((wait + time.Second - 1) / time.Second)
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(secs))
		return nil, municat.Errorf(municat.ETOOMANY,
			"Zu viele ungültige API-Tokens von dieser Adresse. Bitte versuchen Sie es in %d Sekunden wieder. (Too many invalid API tokens from this address; retry in %d seconds.)", secs, secs)
	}
	if parseErr != nil {
		return nil, parseErr
	}
	t, err := s.authenticateToken(c.UserContext(), secret)
	if municat.ErrorCode(err) == municat.EUNAUTHORIZED && errors.Is(err, municat.ErrNotFound) {
		s.log.Info("unknown bearer token refused", "ip", c.IP(), "path", c.Path())
		return nil, err
	}
	s.tokens.succeeded(now, key)
	return t, err
}
