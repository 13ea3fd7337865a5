#!/usr/bin/env bash
# Installs the MinIO server that the store/s3 contract suite and the
# end-to-end tests run against, unless it is already installed. The build
# comes from the Go module proxy (about 5 minutes cold, then cached).
set -euo pipefail
MINIO_VERSION="v0.0.0-20260212201848-7aac2a2c5b7c"
bin="$(go env GOPATH)/bin/minio"
if [ -n "${MUNICAT_MINIO_BIN:-}" ] && [ -x "${MUNICAT_MINIO_BIN}" ]; then
  echo "minio: using ${MUNICAT_MINIO_BIN}"
  exit 0
fi
if [ -x "$bin" ] && [ -f "$bin.version" ] && [ "$(cat "$bin.version")" = "$MINIO_VERSION" ]; then
  echo "minio: $MINIO_VERSION already installed at $bin"
  exit 0
fi
echo "minio: installing github.com/minio/minio@$MINIO_VERSION (a few minutes the first time)"
start=$(date +%s)
go install "github.com/minio/minio@$MINIO_VERSION"
echo "$MINIO_VERSION" > "$bin.version"
echo "minio: installed at $bin in $(( $(date +%s) - start )) s"
