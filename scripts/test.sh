#!/usr/bin/env bash
# Runs every test with the race detector, the MinIO, SHACL and browser suites
# included (they fail rather than skip when MinIO, the SHACL validator or
# Chromium with tools/browser's npm packages is missing).
# The memory measurements run a second time without the race detector.
# The full verbose log goes to test-output.log; the console shows each
# package's result, each top-level test, the MinIO servers the suites used,
# and a closing count. On failure the whole log is printed.
set -uo pipefail
cd "$(dirname "$0")/.."
log=test-output.log
export MUNICAT_REQUIRE_MINIO=1
export MUNICAT_REQUIRE_SHACL=1
export MUNICAT_REQUIRE_BROWSER=1
go test -race -count=1 -v -timeout 20m ./... >"$log" 2>&1
status=$?
# Memory measurements and the guards against quadratic time skip themselves
# under the race detector, which distorts allocation and time; they run once
# more without it.
go test -count=1 -v -timeout 10m -run 'MemoryIsFlat|IsLinear' ./server ./harvester/datajson ./tabular >>"$log" 2>&1 || status=1
grep -E '^(ok|FAIL|---) |^--- (PASS|FAIL|SKIP)|miniotest: MinIO|DATA RACE|^panic:' "$log" | sed -E 's/, bucket municat-test-[0-9a-f]+//; s/^ +[a-z_0-9]+\.go:[0-9]+: (miniotest:)/    \1/' | awk '!/miniotest: MinIO/ || !seen[$0]++'
passed=$(grep -cE '^ *--- PASS' "$log")
failed=$(grep -cE '^ *--- FAIL' "$log")
skipped=$(grep -cE '^ *--- SKIP' "$log")
if [ "$status" -ne 0 ]; then
  echo "---- full test log ----"
  cat "$log"
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
