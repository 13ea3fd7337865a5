package catalog

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/municat/municat"
)

// Key prefixes of the records of the administration.
const (
	AccountsPrefix = "accounts/"
	TokensPrefix   = "tokens/"
	SessionsPrefix = "sessions/"
	AuditPrefix    = "audit/"
	// PublishPrefix holds the queue of scheduled publications:
	// publish/{minute}/{dataset}.json, minute as 20060102T1504Z.
	PublishPrefix = "publish/"
)

// hashPattern is the shape of a stored token or session hash.
var hashPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// putByHash writes the record v of a token or session (what) under
// prefix + its hash, if the hash has the right shape.
func (c *Catalog) putByHash(ctx context.Context, prefix, hash, what string, v any) error {
	if !hashPattern.MatchString(hash) {
		return municat.Errorf(municat.EINVALID, "invalid %s hash", what)
	}
	return c.putJSON(ctx, prefix+hash+".json", v)
}

// PutAccount writes the account record.
func (c *Catalog) PutAccount(ctx context.Context, a *municat.Account) error {
	if !municat.ValidID(a.ID) {
		return municat.Errorf(municat.EINVALID, "Der Anmeldename %q ist ungültig. Erlaubt sind Kleinbuchstaben, Ziffern und Bindestriche.", a.ID)
	}
	return c.putJSON(ctx, AccountsPrefix+a.ID+".json", a)
}

// Account reads the account with id, or returns an error matching
// municat.ErrNotFound.
func (c *Catalog) Account(ctx context.Context, id string) (*municat.Account, error) {
	return getRecord[municat.Account](ctx, c, "Konto", id, municat.ValidID(id), AccountsPrefix+id+".json")
}

// Accounts returns all accounts in id order.
func (c *Catalog) Accounts(ctx context.Context) ([]*municat.Account, error) {
	return listAll[municat.Account](ctx, c, AccountsPrefix)
}

// PutToken writes the token record under its hash.
func (c *Catalog) PutToken(ctx context.Context, t *municat.Token) error {
	return c.putByHash(ctx, TokensPrefix, t.Hash, "token", t)
}

// TokenByHash reads the token whose secret has the hex SHA-256 hash, or
// returns an error matching municat.ErrNotFound.
func (c *Catalog) TokenByHash(ctx context.Context, hash string) (*municat.Token, error) {
	return getRecord[municat.Token](ctx, c, "Token", hash[:min(len(hash), 16)], hashPattern.MatchString(hash), TokensPrefix+hash+".json")
}

// Token reads the token with id (the first 16 hex digits of its hash), or
// returns an error matching municat.ErrNotFound.
func (c *Catalog) Token(ctx context.Context, id string) (*municat.Token, error) {
	notFound := municat.NotFound("Token %q nicht gefunden.", id)
	if len(id) != 16 || !hashPattern.MatchString(id+strings.Repeat("0", 48)) {
		return nil, notFound
	}
	var found *municat.Token
	err := listJSON(ctx, c, TokensPrefix+id, func(t *municat.Token) error {
		found = t
		return nil
	})
	if err != nil {
		return nil, err
	}
	if found == nil {
		return nil, notFound
	}
	return found, nil
}

// Tokens returns all tokens, ordered by hash.
func (c *Catalog) Tokens(ctx context.Context) ([]*municat.Token, error) {
	return listAll[municat.Token](ctx, c, TokensPrefix)
}

// PutSession writes the session record under its hash.
func (c *Catalog) PutSession(ctx context.Context, s *municat.Session) error {
	return c.putByHash(ctx, SessionsPrefix, s.Hash, "session", s)
}

// Session reads the session with the hash, or returns an error matching
// municat.ErrNotFound.
func (c *Catalog) Session(ctx context.Context, hash string) (*municat.Session, error) {
	return getRecord[municat.Session](ctx, c, "Sitzung", "", hashPattern.MatchString(hash), SessionsPrefix+hash+".json")
}

// DeleteSession removes the session with the hash.
func (c *Catalog) DeleteSession(ctx context.Context, hash string) error {
	if !hashPattern.MatchString(hash) {
		return nil
	}
	return c.Store.Delete(ctx, SessionsPrefix+hash+".json")
}

// Sessions calls fn with every session record (e.g. to remove expired
// ones).
func (c *Catalog) Sessions(ctx context.Context, fn func(*municat.Session) error) error {
	return listJSON(ctx, c, SessionsPrefix, fn)
}

// auditDay is the layout of the day segment of audit keys.
const auditDay = "2006-01-02"

// AppendAudit writes one audit entry as a new object
// audit/{day}/{time}-{random}.json; entries are never rewritten.
func (c *Catalog) AppendAudit(ctx context.Context, e *municat.AuditEntry) error {
	if e.Time.IsZero() {
		return errors.New("audit entry without time")
	}
	var r [4]byte
	if _, err := rand.Read(r[:]); err != nil {
		return err
	}
	t := e.Time.UTC()
	key := fmt.Sprintf("%s%s/%s-%s.json", AuditPrefix, t.Format(auditDay), t.Format("150405.000000000"), hex.EncodeToString(r[:]))
	return c.putJSON(ctx, key, e)
}

// Audit calls fn with the audit entries of the days from..to (inclusive,
// UTC days), newest first, until fn returns false.
func (c *Catalog) Audit(ctx context.Context, from, to time.Time, fn func(*municat.AuditEntry) bool) error {
	first := from.UTC().Truncate(24 * time.Hour)
	for day := to.UTC().Truncate(24 * time.Hour); !day.Before(first); day = day.Add(-24 * time.Hour) {
		var keys []string
		err := c.Store.List(ctx, AuditPrefix+day.Format(auditDay)+"/", func(o municat.ObjectInfo) error {
			keys = append(keys, o.Key)
			return nil
		})
		if err != nil {
			return err
		}
		for i := len(keys) - 1; i >= 0; i-- {
			e := &municat.AuditEntry{}
			if err := c.getJSON(ctx, keys[i], e); err != nil {
				if errors.Is(err, municat.ErrNotFound) {
					continue
				}
				return err
			}
			if !fn(e) {
				return nil
			}
		}
	}
	return nil
}

// publishMinute is the layout of the minute segment of publish-queue keys.
const publishMinute = "20060102T1504Z"

// Publication is an entry of the queue of scheduled publications: the
// dataset (and, for a file version scheduled for later, its distribution
// and version) to release at At.
type Publication struct {
	// At is the minute of release.
	At time.Time `json:"at"`
	// Dataset is the dataset's id.
	Dataset string `json:"dataset"`
	// Distribution and Version name a file version; empty for the dataset
	// itself.
	Distribution string `json:"distribution,omitempty"`
	Version      string `json:"version,omitempty"`
}

func publicationKey(p *Publication) string {
	name := p.Dataset
	if p.Distribution != "" {
		name += "~" + p.Distribution + "~" + p.Version
	}
	return PublishPrefix + p.At.UTC().Format(publishMinute) + "/" + name + ".json"
}

// PutPublication adds an entry to the queue of scheduled publications.
func (c *Catalog) PutPublication(ctx context.Context, p *Publication) error {
	if !municat.ValidDatasetID(p.Dataset) {
		return municat.Errorf(municat.EINVALID, "Die Datensatz-Kennung %q ist ungültig.", p.Dataset)
	}
	return c.putJSON(ctx, publicationKey(p), p)
}

// DeletePublication removes an entry from the queue.
func (c *Catalog) DeletePublication(ctx context.Context, p *Publication) error {
	return c.Store.Delete(ctx, publicationKey(p))
}

// DuePublications calls fn with the queued publications due at now (At not
// after now), oldest first.
func (c *Catalog) DuePublications(ctx context.Context, now time.Time, fn func(*Publication) error) error {
	limit := PublishPrefix + now.UTC().Format(publishMinute) + "0" // "0" sorts after "/"
	err := c.Store.List(ctx, PublishPrefix, func(o municat.ObjectInfo) error {
		if o.Key >= limit {
			return errStopList
		}
		p := &Publication{}
		if err := c.getJSON(ctx, o.Key, p); err != nil {
			if errors.Is(err, municat.ErrNotFound) {
				return nil
			}
			return err
		}
		return fn(p)
	})
	if errors.Is(err, errStopList) {
		return nil
	}
	return err
}

// errStopList ends a List early without an error for the caller.
var errStopList = errors.New("stop listing")

// DeleteSource removes the source record. Its runs and datasets stay.
func (c *Catalog) DeleteSource(ctx context.Context, id string) error {
	if !municat.ValidID(id) {
		return municat.NotFound("Quelle %q nicht gefunden.", id)
	}
	return c.Store.Delete(ctx, SourcesPrefix+id+".json")
}
