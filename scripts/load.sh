#!/usr/bin/env bash
# Load test: starts `municat serve --demo` on loopback (temporary data
# directory, rate limits off), runs wrk against the search page, the
# catalogue page (every dataset, first page of results), the search
# API, a dataset page and the DCAT catalogue, one URL after the other, and
# prints per URL the requests per second, non-2xx answers and socket errors,
# and the server's RSS before, every 10 s during, and after the load. Exits
# non-zero if any request failed.
#
#   scripts/load.sh                 # 60 s per URL, 64 connections
#   scripts/load.sh -d 5s -c 16     # a quick try
#   scripts/load.sh -T 2s           # time limit per request (default 10s)
#
# Needs wrk (Debian/Ubuntu: apt-get install wrk) and Go.
set -euo pipefail

duration=60s
connections=64
threads=2
timeout=10s # per request; wrk's default of 2 s is shorter than a harvester waits
while getopts "d:c:t:T:h" opt; do
  case $opt in
    d) duration=$OPTARG ;;
    c) connections=$OPTARG ;;
    t) threads=$OPTARG ;;
    T) timeout=$OPTARG ;;
    *) sed -n '2,14p' "$0"; exit 2 ;;
  esac
done

if ! command -v wrk >/dev/null 2>&1; then
  echo "load.sh: wrk fehlt / wrk is missing. Install it: apt-get install wrk" >&2
  exit 2
fi

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
server_pid=""
wrapper_pid=""
cleanup() {
  if [ -n "$wrapper_pid" ] && kill -0 "$wrapper_pid" 2>/dev/null; then
    kill "$wrapper_pid" 2>/dev/null || true
    wait "$wrapper_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "load.sh: building municat"
(cd "$root" && go build -o "$work/municat" ./cmd/municat)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
cat >"$work/municat.yaml" <<EOF
api:
  rate_limit:
    reads: -1
    writes: -1
EOF

# Seconds of load in all, for the server's own time limit.
secs=${duration%s}
case $duration in
  *m) secs=$(( ${duration%m} * 60 )) ;;
  *s) ;;
  *) secs=$duration ;;
esac
limit=$(( secs * 4 + 300 ))

MUNICAT_DATA_DIR="$work/data" MUNICAT_LISTEN="127.0.0.1:$port" MUNICAT_LOG_LEVEL=warn \
  timeout "$limit" "$work/municat" serve --demo --config "$work/municat.yaml" >"$work/serve.log" 2>&1 &
wrapper_pid=$!

for _ in $(seq 1 240); do
  if curl -fsS -o /dev/null "$base/readyz" 2>/dev/null; then break; fi
  if ! kill -0 "$wrapper_pid" 2>/dev/null; then
    echo "load.sh: the server stopped:" >&2; tail -20 "$work/serve.log" >&2; exit 1
  fi
  sleep 0.5
done
curl -fsS -o /dev/null "$base/readyz" || { echo "load.sh: the server did not get ready in 120 s" >&2; tail -20 "$work/serve.log" >&2; exit 1; }
server_pid=$(pgrep -P "$wrapper_pid" | head -1)

rss() { awk '/^VmRSS/ {printf "%d MiB", $2/1024}' "/proc/$server_pid/status" 2>/dev/null || echo "?"; }

id=$(curl -fsS "$base/api/v1/datasets?per_page=1" | sed -n 's/.*"items":\[{"id":"\([^"]*\)".*/\1/p')
[ -n "$id" ] || { echo "load.sh: the demo lists no dataset" >&2; exit 1; }

echo "load.sh: serve --demo at $base (pid $server_pid), RSS before: $(rss)"
echo "load.sh: wrk -t$threads -c$connections -d$duration --timeout $timeout per URL"
failed=0
printf '%-45s %12s %10s %14s\n' "URL" "requests/s" "non-2xx" "socket errors"
for target in "/dataset?q=baum|text/html" "/dataset|text/html" "/api/v1/datasets?q=baum|application/json" \
  "/dataset/$id|text/html" "/catalog.ttl|text/turtle"; do
  path=${target%|*}
  accept=${target#*|}
  wrk -t"$threads" -c"$connections" -d"$duration" --timeout "$timeout" --latency -H "Accept: $accept" "$base$path" >"$work/wrk.out" 2>&1 &
  wrk_pid=$!
  while kill -0 "$wrk_pid" 2>/dev/null; do
    for _ in $(seq 1 20); do
      kill -0 "$wrk_pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$wrk_pid" 2>/dev/null; then echo "  … $path: RSS $(rss)"; fi
  done
  wait "$wrk_pid" || { echo "load.sh: wrk failed on $path:" >&2; cat "$work/wrk.out" >&2; failed=1; continue; }
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$work/wrk.out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$work/wrk.out")
  sock=$(awk '/Socket errors:/ {gsub(",", ""); print $4+$6+$8+$10}' "$work/wrk.out")
  sockinfo=$(awk '/Socket errors:/ {sub(/^ *Socket errors: */, ""); print}' "$work/wrk.out")
  non2xx=${non2xx:-0}
  sock=${sock:-0}
  printf '%-45s %12s %10s %14s\n' "$path" "${rps:-?}" "$non2xx" "$sock"
  awk '/Latency Distribution/ {on=1; next} on && /%/ {sub(/%/, "", $1); printf "    p%s %s", $1, $2} /requests in/ {if (on) print ""; on=0}' "$work/wrk.out"
  if [ "$sock" != 0 ]; then echo "    socket errors: $sockinfo (wrk --timeout $timeout)"; fi
  if [ -z "$rps" ] || [ "$non2xx" != 0 ] || [ "$sock" != 0 ]; then failed=1; fi
done
echo "load.sh: RSS after: $(rss)"
if [ "$failed" != 0 ]; then
  echo "load.sh: FEHLER / errors: some requests failed (see above)" >&2
  exit 1
fi
echo "load.sh: ok, no errors"
