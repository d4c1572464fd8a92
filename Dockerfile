# Koppel's image: `koppel serve` (gunicorn) by default; `koppel worker` and
# `koppel db upgrade` run from the same image (compose.yaml). No secret is built in:
# KOPPEL_SECRET_KEY, KOPPEL_DATABASE_URL and the rest come from the environment.

# Build stage: a virtualenv with Koppel and its dependencies, nothing else.
FROM python:3.11.14-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/koppel/venv
COPY pyproject.toml README.md ./
COPY algorithms ./algorithms
COPY matcher ./matcher
COPY webapp ./webapp
COPY fixtures ./fixtures
RUN /opt/koppel/venv/bin/pip install --no-cache-dir .

# Run stage: the virtualenv on a fresh slim base, as an unprivileged user.
FROM python:3.11.14-slim-bookworm
# A fixed numeric id, so volumes and a host's policies can name it.
RUN groupadd --system --gid 10001 koppel \
    && useradd --system --uid 10001 --gid koppel --home-dir /var/lib/koppel --create-home \
        --shell /usr/sbin/nologin koppel
COPY --from=build /opt/koppel/venv /opt/koppel/venv
ENV PATH=/opt/koppel/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    KOPPEL_ENV=production \
    KOPPEL_BIND=0.0.0.0:8000
WORKDIR /var/lib/koppel
USER 10001:10001
EXPOSE 8000
# /healthz: the web process answers (no database); readiness is /readyz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["koppel", "serve"]
