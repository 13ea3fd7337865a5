package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/catalog"
	"github.com/municat/municat/store/fs"
)

// orgConfig writes a configuration with one organisation and a data
// directory in t.TempDir().
func orgConfig(t *testing.T) (config, dataDir string) {
	t.Helper()
	dir := t.TempDir()
	dataDir = filepath.Join(dir, "data")
	config = mustWriteFile(t, dir, "municat.yaml", "data_dir: "+dataDir+`
organizations:
  - id: stadt-musterstadt
    name: Stadt Musterstadt
`)
	return config, dataDir
}

// storedCatalog opens the fs store of dataDir.
func storedCatalog(t *testing.T, dataDir string) *catalog.Catalog {
	t.Helper()
	st, err := fs.Open(filepath.Join(dataDir, "store"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return catalog.New(st)
}

func TestTokenCreate(t *testing.T) {
	config, dataDir := orgConfig(t)
	r := mustRun(t, env{}, "token", "create", "--config", config, "--org", "stadt-musterstadt", "--role", "editor", "--name", "Baumkataster", "--expires", "90d")
	if r.code != 0 {
		t.Fatalf("token create: exit %d\n%s", r.code, r.stderr)
	}
	secret := r.lastLine()
	if !strings.HasPrefix(secret, municat.TokenPrefix) || len(secret) < 40 || strings.Contains(secret, " ") {
		t.Fatalf("last stdout line %q is not a token", secret)
	}
	sum := sha256.Sum256([]byte(secret))
	tok, err := storedCatalog(t, dataDir).TokenByHash(context.Background(), hex.EncodeToString(sum[:]))
	if err != nil {
		t.Fatalf("the printed token is not stored under its hash: %v", err)
	}
	if tok.Organization != "stadt-musterstadt" || tok.Role != municat.RoleEditor || tok.Name != "Baumkataster" || tok.Expires == nil ||
		time.Until(*tok.Expires) < 89*24*time.Hour || time.Until(*tok.Expires) > 91*24*time.Hour {
		t.Errorf("stored token = %+v", tok)
	}
	// Only the hash is stored: the secret is nowhere in the store.
	err = filepath.WalkDir(dataDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err == nil && strings.Contains(string(b), secret[len(municat.TokenPrefix):]) {
			t.Errorf("%s holds the token's secret", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	for _, args := range [][]string{
		{"--org", "stadt-musterstadt", "--role", "owner"},
		{"--org", "unbekannt", "--role", "editor"},
		{"--org", "stadt-musterstadt", "--role", "admin", "--expires", "bald"},
		{"--role", "admin"},
	} {
		r := mustRun(t, env{}, append([]string{"token", "create", "--config", config}, args...)...)
		if r.code == 0 || strings.Contains(r.stdout, municat.TokenPrefix) || r.stderr == "" {
			t.Errorf("token create %v: exit %d, stdout %q, stderr %q; want a failure with a message and no token", args, r.code, r.stdout, r.stderr)
		}
	}
}

func TestAccountCreate(t *testing.T) {
	config, dataDir := orgConfig(t)
	stdin = strings.NewReader("ein-langes-Passwort-42\n")
	t.Cleanup(func() { stdin = os.Stdin })
	r := mustRun(t, env{}, "account", "create", "--config", config, "--id", "erika", "--name", "Erika Muster", "--org", "stadt-musterstadt", "--role", "admin")
	if r.code != 0 {
		t.Fatalf("account create: exit %d\n%s", r.code, r.stderr)
	}
	a, err := storedCatalog(t, dataDir).Account(context.Background(), "erika")
	if err != nil {
		t.Fatal(err)
	}
	if a.Role("stadt-musterstadt") != municat.RoleAdmin || a.Name != "Erika Muster" || !strings.HasPrefix(a.PasswordHash, "$argon2id$") {
		t.Errorf("stored account = %+v", a)
	}
	if strings.Contains(r.stdout+r.stderr, "ein-langes-Passwort-42") {
		t.Error("the password was printed")
	}
	// A short password is refused in German, and nothing is stored.
	stdin = strings.NewReader("kurz\n")
	r = mustRun(t, env{}, "account", "create", "--config", config, "--id", "max", "--instance-admin")
	if r.code == 0 || !strings.Contains(r.stderr, "12") {
		t.Errorf("short password: exit %d, stderr %q", r.code, r.stderr)
	}
	if _, err := storedCatalog(t, dataDir).Account(context.Background(), "max"); err == nil {
		t.Error("an account with a refused password was stored")
	}
}
