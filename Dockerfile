# Vielfalt verbindet: app image (gunicorn; the same image runs the worker and one-off
# commands). Build: docker build -t vielfalt . ; see compose.yaml and README "Betrieb".
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system vielfalt \
    && useradd --system --gid vielfalt --home-dir /srv/vielfalt --no-create-home vielfalt

WORKDIR /srv/vielfalt

# Dependencies first (cached while only the code changes). The extras: shared cache
# (Redis) and object storage (S3/MinIO).
COPY pyproject.toml ./
RUN pip install ".[s3]"

COPY . .
# The English catalogue (pure Python, no gettext) and the static files, hashed and
# compressed. The secret key here is a throwaway: collectstatic needs one, nothing is signed.
RUN pybabel compile --domain django --directory locale \
    && DJANGO_DEBUG=0 DJANGO_SECRET_KEY=collectstatic-only-not-a-secret \
       DJANGO_ALLOWED_HOSTS=build.invalid DJANGO_DEFAULT_FROM_EMAIL=build@build.invalid \
       DJANGO_CONTACT_NOTIFY_EMAILS=build@build.invalid \
       DJANGO_STATIC_ROOT=/srv/vielfalt/staticfiles \
       python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /srv/vielfalt/media /srv/vielfalt/private-media \
    && chown vielfalt:vielfalt /srv/vielfalt/media /srv/vielfalt/private-media

USER vielfalt

ENV DJANGO_DEBUG=0 \
    DJANGO_STATIC_ROOT=/srv/vielfalt/staticfiles \
    DJANGO_MEDIA_ROOT=/srv/vielfalt/media \
    DJANGO_PRIVATE_MEDIA_ROOT=/srv/vielfalt/private-media \
    GUNICORN_BIND=0.0.0.0:8000

EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["gunicorn", "-c", "gunicorn.conf.py", "vielfalt.wsgi"]
