package catalog_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
)

func TestAccountsAndTokens(t *testing.T) {
	ctx := context.Background()
	cat := mustCatalog(t)
	a := &municat.Account{ID: "erika", Name: "Erika Muster", Memberships: []municat.Membership{{Organization: "stadt", Role: municat.RoleEditor}}}
	if err := cat.PutAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := cat.PutAccount(ctx, &municat.Account{ID: "../x"}); !errors.Is(err, municat.ErrInvalid) {
		t.Errorf("PutAccount(../x) = %v, want invalid", err)
	}
	got, err := cat.Account(ctx, "erika")
	if err != nil || !reflect.DeepEqual(got, a) {
		t.Fatalf("Account = %+v, %v", got, err)
	}
	sum := sha256.Sum256([]byte("mct_secret"))
	hash := hex.EncodeToString(sum[:])
	tok := &municat.Token{ID: hash[:16], Hash: hash, Organization: "stadt", Role: municat.RoleAdmin}
	if err := cat.PutToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if got, err := cat.TokenByHash(ctx, hash); err != nil || got.ID != tok.ID {
		t.Errorf("TokenByHash = %+v, %v", got, err)
	}
	if got, err := cat.Token(ctx, hash[:16]); err != nil || got.Hash != hash {
		t.Errorf("Token(id) = %+v, %v", got, err)
	}
	for _, id := range []string{"", "zz", hash[:15], "../../../etc/pa"} {
		if _, err := cat.Token(ctx, id); !errors.Is(err, municat.ErrNotFound) {
			t.Errorf("Token(%q) = %v, want not found", id, err)
		}
	}
	if _, err := cat.TokenByHash(ctx, "abc"); !errors.Is(err, municat.ErrNotFound) {
		t.Errorf("TokenByHash(abc) = %v, want not found", err)
	}
}

func TestAuditNewestFirstAcrossDays(t *testing.T) {
	ctx := context.Background()
	cat := mustCatalog(t)
	base := time.Date(2026, 12, 3, 23, 59, 0, 0, time.UTC)
	for i, action := range []string{"a", "b", "c"} {
		if err := cat.AppendAudit(ctx, &municat.AuditEntry{Time: base.Add(time.Duration(i) * time.Minute), Actor: "system", Action: action}); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	if err := cat.Audit(ctx, base.Add(-48*time.Hour), base.Add(time.Hour), func(e *municat.AuditEntry) bool {
		got = append(got, e.Action)
		return true
	}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"c", "b", "a"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Audit order = %v, want %v", got, want)
	}
}

func TestDuePublications(t *testing.T) {
	ctx := context.Background()
	cat := mustCatalog(t)
	at := time.Date(2026, 12, 4, 10, 30, 0, 0, time.UTC)
	for _, p := range []*catalog.Publication{
		{At: at, Dataset: "a"},
		{At: at.Add(time.Minute), Dataset: "b"},
		{At: at, Dataset: "c", Distribution: "csv", Version: "0123456789abcdef"},
	} {
		if err := cat.PutPublication(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	due := func(now time.Time) []string {
		var out []string
		if err := cat.DuePublications(ctx, now, func(p *catalog.Publication) error {
			out = append(out, p.Dataset+p.Version)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got := due(at.Add(-time.Second)); len(got) != 0 {
		t.Errorf("due a second early: %v", got)
	}
	if got, want := due(at.Add(59*time.Second)), []string{"a", "c0123456789abcdef"}; !reflect.DeepEqual(got, want) {
		t.Errorf("due at 10:30:59 = %v, want %v", got, want)
	}
	if err := cat.DeletePublication(ctx, &catalog.Publication{At: at, Dataset: "a"}); err != nil {
		t.Fatal(err)
	}
	if got, want := due(at.Add(time.Minute)), []string{"c0123456789abcdef", "b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("due at 10:31 = %v, want %v", got, want)
	}
}
