# syntax=docker/dockerfile:1
#
# reviewmech: one image for the web server (gunicorn), the Celery worker and Celery beat.
# The three services differ only in their command (see docker-compose.yml).
#
#   docker build -t reviewmech .
#
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=reviewmech.settings \
    STATIC_ROOT=/srv/reviewmech/static \
    MEDIA_ROOT=/srv/reviewmech/media

# System libraries for WeasyPrint (Pango, HarfBuzz subsetting) and fonts for the six UN
# languages: Noto Sans (Latin, Cyrillic), Noto Naskh Arabic, Noto Sans CJK SC, DejaVu as a
# fallback. libharfbuzz-subset0 is essential: without it WeasyPrint falls back to fontTools
# and CJK PDFs get ~30x slower. gettext provides msgfmt for compilemessages.
# postgresql-client provides pg_dump and pg_restore for `manage.py backup` and `restore`
# (Debian bookworm's is version 15, the major version of the db service).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig \
      fonts-dejavu-core fonts-noto-core fonts-noto-cjk \
      gettext postgresql-client \
 && fc-cache -f \
 && rm -rf /var/lib/apt/lists/*

# Unprivileged user that runs every process. The source stays owned by root (read-only for
# the app); only MEDIA_ROOT is writable.
RUN groupadd --system --gid 1000 reviewmech \
 && useradd --system --uid 1000 --gid reviewmech --create-home --home-dir /home/reviewmech \
      --shell /usr/sbin/nologin reviewmech

# Dependencies first, for layer caching: this layer is rebuilt only when pyproject.toml or
# constraints.txt change. pyproject.toml declares no packages ([tool.setuptools] packages = []),
# so this installs the runtime dependencies only (no dev extras), pinned by constraints.txt.
COPY pyproject.toml constraints.txt /tmp/deps/
RUN cd /tmp/deps \
 && pip install -c constraints.txt . \
 && pip check \
 && cd / && rm -rf /tmp/deps

WORKDIR /app
COPY . .

# Build-time steps. The secret key is a throw-away value used only by these commands; it is not
# kept in the image (set per command, not with ENV). No database is touched.
RUN chmod 0755 docker/entrypoint.sh \
 && DJANGO_SECRET_KEY=build-only-not-secret DJANGO_DEBUG=0 python manage.py compilemessages -v 1 \
 && DJANGO_SECRET_KEY=build-only-not-secret DJANGO_DEBUG=0 python manage.py collectstatic --noinput -v 1 \
 && python -m compileall -q /app \
 && mkdir -p "$MEDIA_ROOT" \
 && chown reviewmech:reviewmech "$MEDIA_ROOT"

USER reviewmech

ENV GUNICORN_WORKERS=3
EXPOSE 8000

# Web only; docker-compose.yml overrides it for the worker and disables it for beat.
# The script sends a Host from DJANGO_ALLOWED_HOSTS and X-Forwarded-Proto: https, so it passes
# ALLOWED_HOSTS validation and is not redirected when DJANGO_SECURE=1.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "/app/docker/healthcheck.py"]

ENTRYPOINT ["/app/docker/entrypoint.sh"]
# Bind 0.0.0.0:8000, workers from GUNICORN_WORKERS (default 3), access log on stdout:
# all set in docker/gunicorn.conf.py.
CMD ["gunicorn", "--config", "/app/docker/gunicorn.conf.py", "reviewmech.wsgi:application"]
