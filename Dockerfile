# syntax=docker/dockerfile:1
# Canary: build the release binary, then ship it alone on a slim runtime.
# Templates and the stylesheet are compiled into the binary (askama, include_str!).

FROM rust:1-bookworm AS builder
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# Optional: cap cargo's parallel jobs on a shared machine (--build-arg BUILD_JOBS=1).
ARG BUILD_JOBS
RUN cargo build --release --locked --bin canary ${BUILD_JOBS:+--jobs "$BUILD_JOBS"} \
    && install -D -m 0755 target/release/canary /out/canary

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system canary \
    && useradd --system --gid canary --home-dir /data --shell /usr/sbin/nologin canary \
    && mkdir -p /data \
    && chown canary:canary /data
COPY --from=builder /out/canary /usr/local/bin/canary
USER canary
WORKDIR /data
VOLUME /data
ENV CANARY_DATABASE_URL=sqlite:///data/canary.db \
    CANARY_BIND=0.0.0.0:8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["canary", "healthcheck"]
ENTRYPOINT ["canary"]
CMD ["serve"]
