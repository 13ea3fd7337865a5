# syntax=docker/dockerfile:1
# municat: a static binary on a distroless base, running as non-root.
# Not exercised in CI (no Docker engine on the CI machines); see README.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath \
      -ldflags "-s -w -X github.com/municat/municat.Version=${VERSION}" \
      -o /out/municat ./cmd/municat \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/municat /usr/local/bin/municat
COPY --from=build --chown=65532:65532 /out/data /data
ENV MUNICAT_LISTEN=0.0.0.0:8080 \
    MUNICAT_DATA_DIR=/data
USER 65532:65532
EXPOSE 8080
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/municat", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/municat"]
CMD ["serve"]
