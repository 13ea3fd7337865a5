#!/usr/bin/env bash
# Runs the Go fuzz targets one after the other.
#
#   scripts/fuzz.sh smoke            the parser targets, 2 s each (CI, part of `make test`)
#   scripts/fuzz.sh long [-t 5m]     every target, 5 minutes each unless -t says otherwise (by hand)
#   scripts/fuzz.sh smoke -p Turtle  only the targets whose name matches the regular expression
#
# Each package with a Fuzz function is built once as an instrumented test
# binary (the build, not the fuzzing, dominates a short run); its targets
# are listed with -test.list and run one by one from the package directory,
# as `go test -fuzz` would run them.
#
# The smoke run covers the packages that parse untrusted input named in the
# issue: CKAN JSON and the CKAN API's parameters (harvester/ckan, ckanapi),
# the RDF readers (rdf, dcat, harvester/dcat), CSW/ISO XML (harvester/csw),
# data.json (harvester/datajson), the CSV, XLSX and GeoJSON previews
# (preview) and the query parameters of the public routes (frontend,
# server). Left to the long run, to keep the smoke under five minutes on
# two cores: the other harvesters (ods, socrata, file, jsonvalue), uploads
# and forms (internal/upload, admin, publish), auth, tabular, search/meili,
# weblink, schedule, notify, markup, openapi, store/fs, the root package,
# cmd/municat's config, and the targets SMOKE_SKIP names. Plain `go test`
# still replays every target's seeds and testdata/fuzz corpus.
#
# A failing target leaves its input in <package>/testdata/fuzz/FuzzX/<hash>;
# plain `go test` replays that directory, so committing the file (after the
# fix) keeps the crasher as a regression test.
set -uo pipefail
cd "$(dirname "$0")/.."

usage() {
  echo "usage: $0 smoke|long [-t DURATION] [-p REGEXP]" >&2
  exit 2
}
mode=${1:-smoke}
shift || true
case "$mode" in
smoke) fuzztime=2s ;;
long) fuzztime=5m ;;
*) usage ;;
esac
pattern=.
while getopts "t:p:" opt; do
  case "$opt" in
  t) fuzztime=$OPTARG ;;
  p) pattern=$OPTARG ;;
  *) usage ;;
  esac
done

SMOKE_PKGS='^\./(ckanapi|dcat|frontend|harvester/ckan|harvester/csw|harvester/datajson|harvester/dcat|preview|rdf|server)$'
# Targets in those packages that see only trusted or already-checked input.
SMOKE_SKIP='^(FuzzAPIRef|FuzzChooseLocale|FuzzCodes|FuzzNegotiateEncoding)$'

pkgs=$(grep -rlE '^func Fuzz[A-Z0-9_]' --include='*_test.go' . | xargs -n1 dirname | sort -u)
if [ -z "$pkgs" ]; then
  echo "no fuzz targets found" >&2
  exit 1
fi

cache=$(go env GOCACHE)/fuzz
module=$(go list -m)
bindir=$(mktemp -d)
trap 'rm -rf "$bindir"' EXIT
start=$(date +%s)
failed=0
ran=0
printf '%-24s %-24s %6s  %s\n' PACKAGE TARGET SECS RESULT
for pkg in $pkgs; do
  if [ "$mode" = smoke ] && ! grep -qE "$SMOKE_PKGS" <<<"$pkg"; then
    continue
  fi
  # no build for a package without a target that -p selects
  if ! grep -hoE '^func Fuzz[A-Za-z0-9_]*' "$pkg"/*_test.go | sed 's/^func //' | grep -qE "$pattern"; then
    continue
  fi
  bin=$bindir/$(tr / _ <<<"${pkg#./}").test
  t0=$(date +%s)
  if ! out=$(go test -c -fuzz=. -o "$bin" "$pkg" 2>&1); then
    failed=$((failed + 1))
    printf '%-24s %-24s %6s  %s\n' "$pkg" "(build)" "$(($(date +%s) - t0))" FAIL
    echo "$out" | tail -20 | sed 's/^/    /'
    continue
  fi
  importpath=$module${pkg#.}
  importpath=${importpath%/.}
  for name in $(cd "$pkg" && "$bin" -test.list '^Fuzz' | grep '^Fuzz'); do
    if ! grep -qE "$pattern" <<<"$name"; then continue; fi
    if [ "$mode" = smoke ] && grep -qE "$SMOKE_SKIP" <<<"$name"; then continue; fi
    out=$(cd "$pkg" && "$bin" -test.run='^$' -test.fuzz="^${name}\$" -test.fuzztime="$fuzztime" \
      -test.fuzzcachedir="$cache/$importpath" -test.paniconexit0 -test.timeout=0 2>&1)
    rc=$?
    secs=$(($(date +%s) - t0))
    t0=$(date +%s)
    ran=$((ran + 1))
    if [ $rc -eq 0 ]; then
      printf '%-24s %-24s %6s  %s\n' "$pkg" "$name" "$secs" ok
      continue
    fi
    failed=$((failed + 1))
    printf '%-24s %-24s %6s  %s\n' "$pkg" "$name" "$secs" FAIL
    echo "$out" | tail -40 | sed 's/^/    /'
    crasher=$(grep -oE 'testdata/fuzz/Fuzz[A-Za-z0-9_]+/[0-9a-f]+' <<<"$out" | head -1)
    if [ -n "$crasher" ]; then
      echo "    crasher: $pkg/$crasher"
      echo "    replay:  go test -run='^${name}\$/$(basename "$crasher")\$' $pkg"
      echo "    fix the bug, then commit $pkg/$crasher: plain go test replays it as a regression test"
    fi
  done
done
total=$(($(date +%s) - start))
echo "fuzz $mode: $ran targets, $failed failed, ${total}s (fuzztime $fuzztime each; the first target of a package includes its build)"
[ "$failed" -eq 0 ]
