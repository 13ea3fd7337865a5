package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/municat/municat"
	"github.com/municat/municat/auth"
	"github.com/municat/municat/catalog"
)

// stdin is where `municat account create` reads the password; a variable
// so that tests can give one.
var stdin io.Reader = os.Stdin

// openStoreCatalog opens only the store (not the search index, which a running
// server holds) and writes the configured organisations, which tokens and
// accounts refer to.
func openStoreCatalog(ctx context.Context, cfg *Config) (*catalog.Catalog, func(), error) {
	st, err := openStore(ctx, cfg, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("open %s store: %w", cfg.Store.Type, err)
	}
	cat := catalog.New(st)
	for i := range cfg.Organizations {
		cfg.Organizations[i].Managed = municat.ManagedByConfig
		if err := cat.PutOrganization(ctx, &cfg.Organizations[i]); err != nil {
			st.Close()
			return nil, nil, fmt.Errorf("store organisation %s: %w", cfg.Organizations[i].ID, err)
		}
	}
	return cat, func() { st.Close() }, nil
}

// createFlags starts the command `municat <command> create`: args must
// begin with "create" (else the usage is the error); it returns the
// command's flags, with --config, and the arguments after "create".
func createFlags(command string, args []string, usage string, stderr io.Writer) (commandFlags, []string, error) {
	if len(args) == 0 || args[0] != "create" {
		return commandFlags{}, nil, &usageError{msg: usage}
	}
	return newFlags(command+" create", stderr), args[1:], nil
}

// openAuth opens the store of cfg (see openStoreCatalog) and returns an
// auth service over it and the function that closes the store.
func openAuth(ctx context.Context, cfg *Config) (*auth.Service, func(), error) {
	cat, closeStore, err := openStoreCatalog(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	svc, err := auth.New(ctx, auth.Config{Catalog: cat})
	if err != nil {
		closeStore()
		return nil, nil, err
	}
	return svc, closeStore, nil
}

// cmdToken runs `municat token create`: it makes an API token for one
// organisation and role and prints the secret once, as the last line of
// stdout. Only its hash is stored.
func cmdToken(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	f, args, err := createFlags("token", args, "usage: municat token create [--config FILE] --org ID --role admin|editor [--name N] [--expires DURATION]", stderr)
	if err != nil {
		return err
	}
	org := f.set.String("org", "", "id of the organisation the token acts for")
	role := f.set.String("role", "", "admin or editor")
	name := f.set.String("name", "", "what the token is for")
	expires := f.set.String("expires", "", "lifetime, e.g. 720h or 90d (default: never)")
	cfg, err := f.load(args, getenv)
	if err != nil {
		return err
	}
	if *org == "" || *role == "" {
		return &usageError{msg: "token create needs --org and --role"}
	}
	life, err := parseLifetime(*expires)
	if err != nil {
		return &usageError{msg: err.Error()}
	}
	svc, closeStore, err := openAuth(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeStore()
	secret, tok, err := svc.CreateToken(ctx, auth.TokenSpec{Organization: *org, Role: municat.Role(*role), Name: *name, Expires: life})
	if err != nil {
		return err
	}
	until := "never expires"
	if tok.Expires != nil {
		until = "expires " + tok.Expires.Format(time.RFC3339)
	}
	fmt.Fprintf(stdout, "token %s for %s (%s), %s; it is shown only now:\n%s\n", tok.ID, tok.Organization, tok.Role, until, secret)
	return nil
}

// parseLifetime reads a token lifetime: a Go duration or a number of days
// ("90d"); "" is forever (0).
func parseLifetime(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n <= 0 || n > 36500 {
			return 0, fmt.Errorf("--expires %q: give a number of days such as 90d, or a duration such as 720h", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("--expires %q: give a number of days such as 90d, or a duration such as 720h", s)
	}
	return d, nil
}

// cmdAccount runs `municat account create`: it makes a person's account
// for the administration pages. The password is the first line of stdin
// (or MUNICAT_ACCOUNT_PASSWORD), never a flag, so it stays out of the shell
// history and the process list.
func cmdAccount(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	f, args, err := createFlags("account", args, "usage: municat account create [--config FILE] --id LOGIN [--name N] [--email E] (--instance-admin | --org ID --role admin|editor) < password", stderr)
	if err != nil {
		return err
	}
	id := f.set.String("id", "", "login name (lower-case letters, digits, hyphens)")
	name := f.set.String("name", "", "display name")
	email := f.set.String("email", "", "e-mail address")
	instance := f.set.Bool("instance-admin", false, "may do everything in every organisation")
	org := f.set.String("org", "", "organisation of the membership")
	role := f.set.String("role", "", "admin or editor in --org")
	cfg, err := f.load(args, getenv)
	if err != nil {
		return err
	}
	if *id == "" || (!*instance && (*org == "" || *role == "")) {
		return &usageError{msg: "account create needs --id and either --instance-admin or --org and --role"}
	}
	password := getenv("MUNICAT_ACCOUNT_PASSWORD")
	if password == "" {
		line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read the password from stdin: %w", err)
		}
		password = strings.TrimRight(line, "\r\n")
	}
	acc := &municat.Account{ID: *id, Name: *name, Email: *email, InstanceAdmin: *instance}
	if *org != "" {
		acc.Memberships = []municat.Membership{{Organization: *org, Role: municat.Role(*role)}}
	}
	svc, closeStore, err := openAuth(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeStore()
	if err := svc.CreateAccount(ctx, nil, acc, password); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "account %s created\n", acc.ID)
	return nil
}
