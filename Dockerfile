# syntax=docker/dockerfile:1
# CivicVoice server image: built with the Swift toolchain, run on Debian slim as a non-root user.
#   docker build -t civicvoice .        (docker compose up --build does this)
# The builder's Swift version can be chosen: --build-arg SWIFT_VERSION=6.1

ARG SWIFT_VERSION=6.2

# ---------------------------------------------------------------- build
FROM swift:${SWIFT_VERSION}-bookworm AS build
WORKDIR /build

# Dependencies first: this layer is reused while Package.swift stays the same.
COPY Package.swift ./
RUN swift package resolve

COPY . .
# Forms/ and Migrations/ may not exist yet in a young checkout: the runtime stage copies them.
RUN mkdir -p Forms Migrations \
 && swift build -c release --static-swift-stdlib --product civicvoice \
 && bin="$(swift build -c release --show-bin-path)" \
 && mkdir -p /staging \
 && cp "$bin/civicvoice" /staging/ \
 && find -L "$bin" -maxdepth 1 -name '*.resources' -exec cp -R {} /staging/ \; \
 && cp -R Migrations Forms /staging/ \
 && cp /usr/libexec/swift/linux/swift-backtrace-static /staging/

# ---------------------------------------------------------------- run
FROM debian:bookworm-slim

# libxml2: Foundation's XMLParser, which reads XLSX imports (CivicCore XLSXSheet).
RUN export DEBIAN_FRONTEND=noninteractive \
 && apt-get -q update \
 && apt-get -q install -y --no-install-recommends ca-certificates tzdata curl libstdc++6 zlib1g libxml2 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 civicvoice \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin civicvoice

WORKDIR /app
# The binary, its resource bundle(s) (civicvoice_CivicWeb.resources: templates, found next to
# the binary), Migrations/ and Forms/. Owned by root: the server cannot change its own code.
COPY --from=build /staging/ /app/

ENV HOST=0.0.0.0 \
    PORT=8080 \
    LOG_LEVEL=info \
    FORMS_DIR=/app/Forms \
    MIGRATIONS_DIR=/app/Migrations \
    SWIFT_BACKTRACE=enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=/app/swift-backtrace-static

USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["sh", "-c", "curl -fsS -o /dev/null http://127.0.0.1:${PORT}/healthz || exit 1"]

# `serve` applies pending migrations first (under an advisory lock), then serves.
ENTRYPOINT ["/app/civicvoice"]
CMD ["serve"]
