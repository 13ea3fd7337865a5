#!/usr/bin/env bash
# Runs govulncheck against a vulnerability database built offline: the OSV
# files of the golang.org/x/vulndb module come through the Go module proxy
# (vuln.go.dev need not be reachable), tools/vulncheck turns them into the
# database layout govulncheck reads with -db file://.
#
#   scripts/vulncheck.sh              check ./... with the pinned database
#   VULNDB_VERSION=latest scripts/vulncheck.sh   with the newest one
#   scripts/vulncheck.sh -show verbose ./server  other govulncheck arguments
#
# Exit status: govulncheck's (3 when the code reaches a vulnerability; the
# standard library's count too: they are fixed by a newer Go release).
set -euo pipefail
cd "$(dirname "$0")/.."

GOVULNCHECK_VERSION=${GOVULNCHECK_VERSION:-v1.10.0}
VULNDB_VERSION=${VULNDB_VERSION:-v0.0.0-20261105234957-e22db6528018}

# Downloaded outside the module, so go.mod and go.sum stay as they are.
info=$(cd "${TMPDIR:-/tmp}" && GOFLAGS=-mod=mod go mod download -json "golang.org/x/vulndb@${VULNDB_VERSION}")
field() { sed -n "s/^[[:space:]]*\"$1\": \"\(.*\)\",\{0,1\}$/\1/p" <<<"$info" | head -1; }
src=$(field Dir)/data/osv
version=$(field Version)
modified=$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$(field Info)")
if [ ! -d "$src" ]; then
  echo "vulncheck: no data/osv in golang.org/x/vulndb@${version}" >&2
  exit 1
fi
db=${VULNCHECK_DB:-${TMPDIR:-/tmp}/municat-vulndb-${version}}
if [ ! -f "$db/index/modules.json" ]; then
  go run ./tools/vulncheck -src "$src" -out "$db" -modified "$modified"
fi
echo "vulncheck: govulncheck ${GOVULNCHECK_VERSION}, database golang.org/x/vulndb@${version} (${modified})"
if [ $# -eq 0 ]; then
  set -- ./...
fi
# Installed rather than run with `go run`, which would turn govulncheck's
# exit status 3 into 1.
bin=${TMPDIR:-/tmp}/municat-govulncheck-${GOVULNCHECK_VERSION}
if [ ! -x "$bin/govulncheck" ]; then
  (cd "${TMPDIR:-/tmp}" && GOBIN=$bin go install "golang.org/x/vuln/cmd/govulncheck@${GOVULNCHECK_VERSION}")
fi
exec "$bin/govulncheck" -db "file://$(cd "$db" && pwd)" "$@"
