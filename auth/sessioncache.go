package auth

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/municat/municat"
)

// cachedSession is a session with its account, as read at loaded.
type cachedSession struct {
	session   *municat.Session
	principal *municat.Principal
	loaded    time.Time
}

// sessionCache holds recently read sessions by hash.
type sessionCache struct {
	mu      sync.Mutex
	entries map[string]*cachedSession
}

// lookupSession returns the live session whose cookie secret is secret with
// its principal, or nil if there is none, it has expired or its account is
// gone or disabled. It reads the store at most every sessionCacheTTL.
func (s *Service) lookupSession(ctx context.Context, secret string) (*cachedSession, error) {
	if len(secret) > 128 {
		return nil, nil
	}
	hash := hashSecret(secret)
	now := s.now()
	if cs := s.sessions.get(hash); cs != nil && now.Sub(cs.loaded) < sessionCacheTTL && now.Sub(cs.loaded) >= 0 {
		if now.Before(cs.session.Expires) {
			return cs, nil
		}
		return nil, s.endSession(ctx, hash)
	}
	sess, err := s.cat.Session(ctx, hash)
	if errors.Is(err, municat.ErrNotFound) {
		s.sessions.drop(hash)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !now.Before(sess.Expires) {
		return nil, s.endSession(ctx, hash)
	}
	a, err := s.cat.Account(ctx, sess.Account)
	if errors.Is(err, municat.ErrNotFound) || err == nil && a.Disabled {
		return nil, s.endSession(ctx, hash)
	}
	if err != nil {
		return nil, err
	}
	cs := &cachedSession{session: sess, principal: a.Principal(), loaded: now}
	s.sessions.put(hash, cs)
	return cs, nil
}

// endAccountSessions deletes every session of the account (e.g. after an
// administrator set its password), and forgets the cached ones.
func (s *Service) endAccountSessions(ctx context.Context, account string) error {
	var hashes []string
	err := s.cat.Sessions(ctx, func(sess *municat.Session) error {
		if sess.Account == account {
			hashes = append(hashes, sess.Hash)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, h := range hashes {
		if err := s.endSession(ctx, h); err != nil {
			return err
		}
	}
	return nil
}

// PurgeSessions deletes the records of expired sessions and returns how
// many it deleted. Login calls it at most once an hour.
func (s *Service) PurgeSessions(ctx context.Context) (int, error) {
	now := s.now()
	var hashes []string
	err := s.cat.Sessions(ctx, func(sess *municat.Session) error {
		if !now.Before(sess.Expires) {
			hashes = append(hashes, sess.Hash)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for i, h := range hashes {
		if err := s.endSession(ctx, h); err != nil {
			return i, err
		}
	}
	return len(hashes), nil
}

// maybePurge runs PurgeSessions if it has not run for purgeInterval.
func (s *Service) maybePurge(ctx context.Context) {
	s.purgeMu.Lock()
	now := s.now()
	due := now.Sub(s.lastPurge) >= purgeInterval
	if due {
		s.lastPurge = now
	}
	s.purgeMu.Unlock()
	if !due {
		return
	}
	if n, err := s.PurgeSessions(ctx); err != nil {
		s.log.Error("expired sessions not purged", "err", err)
	} else if n > 0 {
		s.log.Info("expired sessions purged", "count", n)
	}
}

// get returns the cached session with hash, or nil.
func (sc *sessionCache) get(hash string) *cachedSession {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.entries[hash]
}

// put caches cs under hash.
func (sc *sessionCache) put(hash string, cs *cachedSession) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if len(sc.entries) >= maxSessionCache {
		clear(sc.entries)
	}
	sc.entries[hash] = cs
}

// drop forgets the session with hash.
func (sc *sessionCache) drop(hash string) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	delete(sc.entries, hash)
}

// dropAccount forgets every cached session of account, so that a change to
// the account takes effect at the next request.
func (sc *sessionCache) dropAccount(account string) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	for h, cs := range sc.entries {
		if cs.session.Account == account {
			delete(sc.entries, h)
		}
	}
}
