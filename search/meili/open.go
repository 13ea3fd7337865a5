package meili

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/meilisearch/meilisearch-go"

	"github.com/municat/municat"
)

// Open connects to the server in cfg and opens the index of the current
// SchemaVersion, creating it with its settings if it does not exist (Created
// then reports true and the caller should rebuild it from the store). An
// existing index gets its settings updated if they differ from Settings.
//
// Every error is one line naming the server. A server that cannot be
// reached or does not answer is an EUNAVAILABLE error (worth retrying); a
// bad URL or prefix, a refused key or a too old server is EINVALID.
func Open(ctx context.Context, cfg Config) (*Index, error) {
	base, shown, err := checkURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	if !ValidIndexPrefix(cfg.IndexPrefix) {
		return nil, municat.Errorf(municat.EINVALID, "meilisearch index prefix %q is not valid: use only letters, digits, '-' and '_'", cfg.IndexPrefix)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.TaskTimeout <= 0 {
		cfg.TaskTimeout = DefaultTaskTimeout
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = DefaultBatchSize
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	x := &Index{
		cfg:    cfg,
		server: shown,
		client: meilisearch.New(base, meilisearch.WithAPIKey(cfg.Key), meilisearch.WithCustomClient(hc), meilisearch.DisableRetries()),
		uid:    cfg.IndexPrefix + "datasets_v" + strconv.Itoa(SchemaVersion),
	}
	if err := x.open(ctx); err != nil {
		x.client.Close()
		return nil, x.openError(ctx, err)
	}
	return x, nil
}

// checkURL returns raw without a trailing slash if it is an http(s) URL,
// and the same without any user and password, for messages.
func checkURL(raw string) (base, shown string, err error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		if err == nil {
			raw = u.Redacted()
		}
		return "", "", municat.Errorf(municat.EINVALID, "meilisearch URL %q is not valid: it must look like http://host:7700", raw)
	}
	base = strings.TrimRight(raw, "/")
	u.User = nil
	return base, strings.TrimRight(u.String(), "/"), nil
}

// open checks the server and the key, and opens or creates the index.
func (x *Index) open(ctx context.Context) error {
	rctx, cancel := context.WithTimeout(ctx, x.cfg.Timeout)
	defer cancel()
	h, err := x.client.Health(rctx)
	if err != nil {
		return describe(x.server, "health check", err)
	}
	if h.Status != "available" {
		return &requestError{kind: kindServer, line: fmt.Sprintf("meilisearch at %s is not available (health status %q)", x.server, h.Status)}
	}
	v, err := x.client.Version(rctx)
	if err != nil {
		return describe(x.server, "reading the version", err)
	}
	if !atLeast(v.PkgVersion, minVersion) {
		return municat.Errorf(municat.EINVALID, "meilisearch at %s is version %s; municat needs %d.%d or newer", x.server, v.PkgVersion, minVersion[0], minVersion[1])
	}
	info, err := x.client.GetIndex(rctx, x.uid)
	switch {
	case isCode(err, meilisearch.APIErrCodeIndexNotFound):
		if err := x.createIndex(ctx, x.uid); err != nil {
			return err
		}
		x.created = true
	case err != nil:
		return describe(x.server, "reading index "+x.uid, err)
	case info.PrimaryKey != "" && info.PrimaryKey != fieldKey:
		return municat.Errorf(municat.EINVALID, "meilisearch at %s: index %s has the primary key %q, not %q; delete the index so that municat creates it anew", x.server, x.uid, info.PrimaryKey, fieldKey)
	default:
		if info.PrimaryKey == "" {
			// An empty index made without a primary key: set it, or
			// Meilisearch would infer "id" from the first documents.
			rctx, cancel := context.WithTimeout(ctx, x.cfg.Timeout)
			task, err := x.client.Index(x.uid).UpdateIndex(rctx, &meilisearch.UpdateIndexRequestParams{PrimaryKey: fieldKey})
			cancel()
			if err := x.wait(ctx, "setting the primary key of "+x.uid, task, err); err != nil {
				return err
			}
		}
		if err := x.syncSettings(ctx, x.uid); err != nil {
			return err
		}
	}
	older, err := x.olderVersions(ctx)
	if err != nil {
		return err
	}
	x.older, x.readUID = older, x.uid
	if len(older) > 0 {
		x.readUID = older[0]
	}
	return nil
}

// openError makes err the one-line error Open returns.
func (x *Index) openError(ctx context.Context, err error) error {
	var re *requestError
	var me *municat.Error
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("open meilisearch index: %w", ctx.Err())
	case errors.As(err, &re):
	case errors.As(err, &me):
		return me
	default:
		re = describe(x.server, "open", err)
	}
	switch re.kind {
	case kindUnreachable, kindTimeout, kindServer:
		return &municat.Error{Code: municat.EUNAVAILABLE, Message: re.line}
	case kindAuth:
		if x.cfg.Key == "" {
			return municat.Errorf(municat.EINVALID, "meilisearch at %s needs an API key, but none was given (%s)", x.server, re.code)
		}
		return &municat.Error{Code: municat.EINVALID, Message: re.line}
	}
	return &municat.Error{Code: municat.EINTERNAL, Message: re.line}
}

// atLeast reports whether the version v ("1.18.2", "v1.19.0-rc.1") is at
// least min. A version it cannot read passes.
func atLeast(v string, min [2]int) bool {
	parts := strings.SplitN(strings.TrimPrefix(v, "v"), ".", 3)
	if len(parts) < 2 {
		return true
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(strings.TrimLeftFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' }))
	if err1 != nil || err2 != nil {
		return true
	}
	return major > min[0] || major == min[0] && minor >= min[1]
}

// createIndex creates the index uid with the primary key and the settings.
// An index that another process created meanwhile is taken as it is.
func (x *Index) createIndex(ctx context.Context, uid string) error {
	rctx, cancel := context.WithTimeout(ctx, x.cfg.Timeout)
	info, err := x.client.CreateIndex(rctx, &meilisearch.IndexConfig{Uid: uid, PrimaryKey: fieldKey})
	cancel()
	if err := x.wait(ctx, "creating index "+uid, info, err); err != nil && !isCode(err, meilisearch.APIErrCodeIndexAlreadyExists) {
		return err
	}
	return x.applySettings(ctx, uid)
}

// syncSettings updates the settings of uid if they differ from Settings.
func (x *Index) syncSettings(ctx context.Context, uid string) error {
	rctx, cancel := context.WithTimeout(ctx, x.cfg.Timeout)
	have, err := x.client.Index(uid).GetSettings(rctx)
	cancel()
	if err != nil {
		return describe(x.server, "reading the settings of "+uid, err)
	}
	if settingsEqual(have, Settings()) {
		return nil
	}
	return x.applySettings(ctx, uid)
}

// applySettings sets the settings of uid and waits until they are applied.
func (x *Index) applySettings(ctx context.Context, uid string) error {
	rctx, cancel := context.WithTimeout(ctx, x.cfg.Timeout)
	info, err := x.client.Index(uid).UpdateSettings(rctx, Settings())
	cancel()
	return x.wait(ctx, "updating the settings of "+uid, info, err)
}

// versionUID matches the uids of every schema version under the prefix.
func (x *Index) versionUID() *regexp.Regexp {
	return regexp.MustCompile(`^` + regexp.QuoteMeta(x.cfg.IndexPrefix) + `datasets_v([0-9]+)$`)
}

// olderVersions returns the uids of the indexes of older schema versions
// under the prefix, newest first.
func (x *Index) olderVersions(ctx context.Context) ([]string, error) {
	re := x.versionUID()
	type version struct {
		uid string
		n   int
	}
	var found []version
	const pageSize = 100
	for offset := int64(0); ; offset += pageSize {
		rctx, cancel := context.WithTimeout(ctx, x.cfg.Timeout)
		res, err := x.client.ListIndexes(rctx, &meilisearch.IndexesQuery{Limit: pageSize, Offset: offset})
		cancel()
		if err != nil {
			return nil, describe(x.server, "listing the indexes", err)
		}
		for _, ix := range res.Results {
			if m := re.FindStringSubmatch(ix.UID); m != nil {
				if n, err := strconv.Atoi(m[1]); err == nil && n < SchemaVersion {
					found = append(found, version{ix.UID, n})
				}
			}
		}
		if len(res.Results) < pageSize || offset+pageSize >= res.Total {
			break
		}
	}
	slices.SortFunc(found, func(a, b version) int { return b.n - a.n })
	uids := make([]string, len(found))
	for i, v := range found {
		uids[i] = v.uid
	}
	return uids, nil
}
