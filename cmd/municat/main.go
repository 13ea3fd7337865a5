// Command municat harvests, stores, indexes and serves a municipal
// open-data catalogue.
//
//	municat serve   [--config FILE] [--demo] [--role R]  server + scheduler + indexer
//	municat harvest [--config FILE] SOURCE_ID  one harvest run now
//	municat reindex [--config FILE]            rebuild the index from the store
//	municat healthcheck [--config FILE]       probe the local server (for containers)
//	municat validate [--all-pages] FILE|URL    check a DCAT catalogue against DCAT-AP.de
//	municat token create --org ID --role R     make an API token (printed once)
//	municat account create --id LOGIN …        make an account for the administration
//	municat version
//
// Configuration comes from a YAML file and MUNICAT_* environment variables
// (the environment wins); see README.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	// The time-zone database is built in: schedules and the dates on the
	// pages are in Europe/Berlin, also in containers without /usr/share/zoneinfo.
	_ "time/tzdata"

	"github.com/municat/municat"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

const usage = `municat — open-data catalogue for municipalities

Usage:
  municat serve   [--config FILE] [--demo]   run server, scheduler and indexer
                  [--role all|server|harvester|indexer]
                                             or only part of them (scale-out)
  municat harvest [--config FILE] SOURCE_ID  harvest one source now
  municat reindex [--config FILE]            rebuild the search index from the store
  municat healthcheck [--config FILE]        check that the local server is up
  municat validate [--all-pages] FILE|URL    check a DCAT catalogue against DCAT-AP.de
                                             (exit 0: no violations, 1: violations)
  municat token create [--config FILE] --org ID --role admin|editor [--name N] [--expires DURATION]
                                             make an API token; its secret is the last line printed
  municat account create [--config FILE] --id LOGIN [--name N] [--email E]
                 (--instance-admin | --org ID --role admin|editor) < password-file
                                             make an account for the administration pages
  municat version                            print the version

Configuration: a YAML file (--config) and MUNICAT_* environment variables,
the environment winning. See README.md.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// run executes one CLI invocation and returns its exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	stopProfiles := startProfiles(getenv, stderr)
	defer stopProfiles()
	var err error
	switch args[0] {
	case "serve":
		err = cmdServe(ctx, args[1:], stderr, getenv)
	case "harvest":
		err = cmdHarvest(ctx, args[1:], stdout, stderr, getenv)
	case "reindex":
		err = cmdReindex(ctx, args[1:], stdout, stderr, getenv)
	case "healthcheck":
		err = cmdHealthcheck(ctx, args[1:], stdout, stderr, getenv)
	case "validate":
		return cmdValidate(ctx, args[1:], stdout, stderr)
	case "token":
		err = cmdToken(ctx, args[1:], stdout, stderr, getenv)
	case "account":
		err = cmdAccount(ctx, args[1:], stdout, stderr, getenv)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "municat", municat.Version)
		return exitOK
	case "help", "--help", "-help", "-h":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "municat: unknown command %q\n\n%s", args[0], usage)
		return exitUsage
	}
	return exitCode(err, stderr)
}

// usageError is a wrong command line; it exits with status 2.
type usageError struct{ msg string }

// Error returns the message of the problem.
func (e *usageError) Error() string { return e.msg }

// errRunFailed is returned when a harvest run ended in status failed; its
// summary was already printed.
var errRunFailed = errors.New("run failed")

func exitCode(err error, stderr io.Writer) int {
	var ce *ConfigError
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ce):
		fmt.Fprintln(stderr, "municat:", ce.Error())
		return exitUsage
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "municat:", ue.Error())
		return exitUsage
	case errors.Is(err, errRunFailed):
		return exitFailed
	}
	fmt.Fprintln(stderr, "municat:", err)
	return exitFailed
}
