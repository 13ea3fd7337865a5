package auth

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/municat/municat"
)

// SessionCookie is the name of the session cookie.
const SessionCookie = "municat_session"

// sessionCacheTTL is how long a session read from the store is trusted
// before it is read again (so that a disabled account is signed out within
// this time on every server process).
const sessionCacheTTL = 30 * time.Second

// maxSessionCache bounds the number of cached sessions.
const maxSessionCache = 10000

// maxLoginLength bounds the login name that is looked up or logged.
const maxLoginLength = 100

// purgeInterval is how often Login removes expired session records.
const purgeInterval = time.Hour

// errBadLogin is the one answer to an unknown login name and a wrong
// password, so the answer does not tell which accounts exist.
func errBadLogin() error {
	return municat.Errorf(municat.EUNAUTHORIZED, "Anmeldename oder Passwort ist falsch.")
}

// Login checks login and password and, if they match, starts a new session
// (with a new id, whatever cookie the request had) and sets its cookie
// (HttpOnly, SameSite=Lax, Secure when configured). Failures are counted
// per client IP and per login name; beyond Config.LoginLimit within
// Config.LoginWindow, Login refuses even the right password with ETOOMANY
// saying when to retry (and sets Retry-After). An unknown login name and a
// wrong password give the same EUNAUTHORIZED error; a disabled account
// gives EFORBIDDEN. It writes the audit entry "login" or "login.failed".
func (s *Service) Login(c *fiber.Ctx, login, password string) (*municat.Account, error) {
	ctx := c.UserContext()
	login = strings.ToLower(strings.TrimSpace(login))
	if len(login) > maxLoginLength {
		login = strings.ToValidUTF8(login[:maxLoginLength], "")
	}
	ip := c.IP()
	keys := []string{"ip:" + ip, "login:" + login}
	now := s.now()
	if ok, wait := s.limiter.attempt(now, keys...); !ok {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(wait.Round(time.Second)/time.Second)))
		return nil, municat.Errorf(municat.ETOOMANY, "Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es in %s wieder.", minutes(wait))
	}

	var a *municat.Account
	if municat.ValidID(login) {
		var err error
		if a, err = s.cat.Account(ctx, login); err != nil && !errors.Is(err, municat.ErrNotFound) {
			return nil, err
		}
	}
	ok := false
	if a != nil && a.PasswordHash != "" && len(password) <= 4*MaxPasswordBytes {
		ok = CheckPassword(a.PasswordHash, password)
	} else {
		CheckPassword(dummyHash(), password) // same time as a real check
	}
	if !ok {
		s.audit(ctx, &municat.AuditEntry{
			Actor: login, ActorName: login, Action: "login.failed",
			Summary: "Anmeldung fehlgeschlagen (von " + ip + ")",
		})
		return nil, errBadLogin()
	}
	if a.Disabled {
		s.audit(ctx, &municat.AuditEntry{
			Actor: "account:" + a.ID, ActorName: a.Principal().Name, Action: "login.failed", Object: "account/" + a.ID,
			Summary: "Anmeldung eines gesperrten Kontos abgewiesen (von " + ip + ")",
		})
		return nil, municat.Errorf(municat.EFORBIDDEN, "Dieses Konto ist gesperrt. Bitte wenden Sie sich an die Administration Ihrer Organisation.")
	}
	s.limiter.succeeded(now, keys[0])
	s.limiter.reset(keys[1])
	if err := s.startSession(c, a); err != nil {
		return nil, err
	}
	s.audit(ctx, &municat.AuditEntry{
		Actor: "account:" + a.ID, ActorName: a.Principal().Name, Action: "login", Object: "account/" + a.ID,
		Summary: "Angemeldet (von " + ip + ")",
	})
	s.maybePurge(ctx)
	return a, nil
}

// minutes returns d as German minutes, rounded up: "1 Minute", "15 Minuten".
func minutes(d time.Duration) string {
	n := int((d + time.Minute - 1) / time.Minute)
	if n <= 1 {
		return "1 Minute"
	}
	return fmt.Sprintf("%d Minuten", n)
}

// startSession ends the request's current session, if any, and starts a new
// one for a with a new secret and CSRF token, setting its cookie.
func (s *Service) startSession(c *fiber.Ctx, a *municat.Account) error {
	ctx := c.UserContext()
	if old := c.Cookies(SessionCookie); old != "" {
		if err := s.endSession(ctx, hashSecret(old)); err != nil {
			s.log.Error("old session not ended at login", "err", err)
		}
	}
	secret := randomString(32)
	now := s.now().UTC()
	sess := &municat.Session{
		Hash: hashSecret(secret), Account: a.ID, CSRF: randomString(32),
		Created: now, Expires: now.Add(s.cfg.SessionTTL),
	}
	if err := s.cat.PutSession(ctx, sess); err != nil {
		return err
	}
	c.Cookie(&fiber.Cookie{
		Name: SessionCookie, Value: secret, Path: s.cfg.CookiePath, Expires: sess.Expires,
		Secure: s.cfg.SecureCookies, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
	})
	p := a.Principal()
	s.sessions.put(sess.Hash, &cachedSession{session: sess, principal: p, loaded: s.now()})
	c.Locals(principalKey, p)
	c.Locals(sessionKey, sess)
	c.Locals(viaKey, viaSession)
	return nil
}

// Logout ends the request's session (deleting its record) and clears its
// cookie. It writes the audit entry "logout". Logging out without a
// session is not an error.
func (s *Service) Logout(c *fiber.Ctx) error {
	ctx := c.UserContext()
	cookie := c.Cookies(SessionCookie)
	s.clearCookie(c, SessionCookie)
	p := PrincipalOf(c)
	c.Locals(principalKey, nil)
	c.Locals(sessionKey, nil)
	c.Locals(viaKey, viaNone)
	if cookie == "" {
		return nil
	}
	hash := hashSecret(cookie)
	sess, err := s.cat.Session(ctx, hash)
	if errors.Is(err, municat.ErrNotFound) {
		s.sessions.drop(hash)
		return nil
	}
	if err != nil {
		return err
	}
	if err := s.endSession(ctx, hash); err != nil {
		return err
	}
	name := sess.Account
	if p != nil && p.Account == sess.Account {
		name = p.Name
	}
	s.audit(ctx, &municat.AuditEntry{
		Actor: "account:" + sess.Account, ActorName: name, Action: "logout", Object: "account/" + sess.Account,
		Summary: "Abgemeldet",
	})
	return nil
}

// endSession deletes the session record with hash and forgets it.
func (s *Service) endSession(ctx context.Context, hash string) error {
	s.sessions.drop(hash)
	return s.cat.DeleteSession(ctx, hash)
}

// clearCookie tells the browser to delete the cookie name.
func (s *Service) clearCookie(c *fiber.Ctx, name string) {
	c.Cookie(&fiber.Cookie{
		Name: name, Value: "", Path: s.cfg.CookiePath, Expires: time.Unix(0, 0), MaxAge: -1,
		Secure: s.cfg.SecureCookies, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
	})
}

// CSRFToken returns the CSRF token of the request's session, "" if there is
// none. Every form of the session sends it back as the field "csrf" (or the
// header "X-CSRF-Token").
func (s *Service) CSRFToken(c *fiber.Ctx) string {
	if sess := SessionOf(c); sess != nil {
		return sess.CSRF
	}
	return ""
}
