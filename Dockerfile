# syntax=docker/dockerfile:1
# Signaal's production image: Debian slim, the runtime lock only (no test or lint tools), WeasyPrint's Pango and
# fonts, translations compiled and static files collected inside, run as an unprivileged user.
# Build: docker build -t signaal .   Run: see compose.yaml and the README's "Deploying" section.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG NODE_IMAGE=node:20-bookworm-slim

# --- the H5P player from npm (production packages only, no install scripts) -------------------------------------
FROM ${NODE_IMAGE} AS player
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error

# --- Python packages from the hashed runtime lock, translations and static files -----------------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY requirements/runtime.txt /tmp/runtime.txt
RUN pip install --require-hashes --no-deps -r /tmp/runtime.txt
WORKDIR /app
COPY . .
COPY --from=player /src/node_modules/h5p-standalone/dist node_modules/h5p-standalone/dist
# The settings need these to load; nothing is written to this database.
RUN DJANGO_SETTINGS_MODULE=elearning.settings.production SECRET_KEY=build-only ALLOWED_HOSTS=build \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 deploy/entrypoint.sh build \
    && rm -rf node_modules /tmp/build.sqlite3

# --- the image ------------------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE}
LABEL org.opencontainers.image.title="Signaal" \
      org.opencontainers.image.licenses="EUPL-1.2" \
      org.opencontainers.image.description="E-learning about recognising human trafficking"
# Pango and HarfBuzz for WeasyPrint's certificates; DejaVu for Latin, Greek and Cyrillic names, Noto CJK for
# Chinese, Japanese and Korean ones.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-cjk tzdata \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 signaal \
    && useradd --system --uid 10001 --gid signaal --home-dir /app --shell /usr/sbin/nologin signaal
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=root:root /app /app
RUN mkdir -p /app/media /app/private-media \
    && chown signaal:signaal /app/media /app/private-media
# PRIVATE_MEDIA_ROOT is a folder, not a secret: secrets come from the environment at run time, never the image.
# hadolint ignore=DL3064
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=elearning.settings.production \
    MEDIA_ROOT=/app/media \
    PRIVATE_MEDIA_ROOT=/app/private-media \
    PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus \
    PORT=8000
WORKDIR /app
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz/live', timeout=4)"]
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["web"]
