# municat — the two commands a newcomer needs are `make run` and `make test`.

GO        ?= go
PACKAGES  := ./...

.PHONY: run test check fmt vet lint unit minio shacl browser build

## run: serve the bundled demo catalogue on http://127.0.0.1:8080
run:
	$(GO) run ./cmd/municat serve --demo

## test: everything CI runs: format, vet, staticcheck, and all tests with the
## race detector, the MinIO, SHACL and browser suites included (MinIO, the
## SHACL validator's npm packages, Chromium and the browser tool's npm
## packages are installed if missing).
test: check minio shacl browser unit

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

build:
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/municat ./cmd/municat
