# municat — the two commands a newcomer needs are `make run` and `make test`.

GO        ?= go
PACKAGES  := ./...
# The Go release with the standard library's security fixes govulncheck
# asks for; where the machine's Go is older, the go command fetches it from
# the module proxy once (GOTOOLCHAIN=local to use the machine's own).
export GOTOOLCHAIN ?= go1.26.10

.PHONY: run test check fmt vet lint vulncheck unit minio shacl browser build bench-smoke bench fuzz-smoke fuzz-long fault-suite load

## run: serve the bundled demo catalogue on http://127.0.0.1:8080
run:
	$(GO) run ./cmd/municat serve --demo

## test: everything CI runs: format, vet, staticcheck, and all tests with the
## race detector, the MinIO, SHACL and browser suites included (MinIO, the
## SHACL validator's npm packages, Chromium and the browser tool's npm
## packages are installed if missing).
test: check vulncheck minio shacl browser unit fault-suite fuzz-smoke bench-smoke

## check: gofmt, go vet and staticcheck
check: fmt vet lint

fmt:
	@out="$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))"; \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi; \
	echo "gofmt: ok"

vet:
	$(GO) vet $(PACKAGES)

lint:
	$(GO) tool staticcheck $(PACKAGES)

## vulncheck: govulncheck with a database built offline from the
## golang.org/x/vulndb module (fails on a vulnerability the code reaches)
vulncheck:
	./scripts/vulncheck.sh

minio:
	./scripts/install-minio.sh

shacl:
	./scripts/install-shacl.sh

## browser: Debian's chromium, playwright-core and axe-core for the browser test
browser:
	./scripts/install-browser.sh

unit:
	./scripts/test.sh

## bench-smoke: the 10k benchmark run, compared with the recorded figures
## (fails on an error or a figure worse than 5x the recorded one)
bench-smoke:
	$(GO) run ./cmd/municat-bench -n 10000 -duration 1s -minio-n 1000 -check bench/results/results-10k.json -factor 5

## bench: the 10k run that rewrites bench/results/results-10k.json and
## BENCHMARKS.md (N=100000 and N=1000000 by hand: make bench N=100000)
N ?= 10000
bench:
	$(GO) run ./cmd/municat-bench -n $(N)

## fuzz-smoke: the parsers' fuzz targets, 2 s each (a crasher is kept in
## the package's testdata/fuzz: commit it with the fix)
fuzz-smoke:
	./scripts/fuzz.sh smoke

## fuzz-long: every fuzz target, 5 minutes each (FUZZTIME=30m to change)
FUZZTIME ?= 5m
fuzz-long:
	./scripts/fuzz.sh long -t $(FUZZTIME)

## fault-suite: real processes killed mid-harvest, MinIO killed, index
## deleted, disk full, scheduler leader killed (faults/; about 3 minutes;
## MUNICAT_FAULTS_LONG=1 for more ticks and kills)
fault-suite:
	MUNICAT_REQUIRE_MINIO=1 $(GO) test -count=1 -v -timeout 20m ./faults/

## load: wrk for 60 s at 64 connections against the demo (not in CI;
## needs the Debian package wrk)
load:
	./scripts/load.sh

build:
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/municat ./cmd/municat
