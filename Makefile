# municat — the two commands a newcomer needs are `make run` and `make test`.

GO        ?= go
PACKAGES  := ./...

.PHONY: run test check fmt vet lint unit minio shacl browser build bench-smoke bench

## run: serve the bundled demo catalogue on http://127.0.0.1:8080
run:
	$(GO) run ./cmd/municat serve --demo

## test: everything CI runs: format, vet, staticcheck, and all tests with the
## race detector, the MinIO, SHACL and browser suites included (MinIO, the
## SHACL validator's npm packages, Chromium and the browser tool's npm
## packages are installed if missing).
test: check minio shacl browser unit bench-smoke

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

build:
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/municat ./cmd/municat
