"""Settings for the "Vielfalt verbindet" portal, driven by environment variables.

Development defaults work out of the box; with DJANGO_DEBUG=0 the portal runs in production
mode, and production.check() refuses to start when something it needs is missing.
"""

import os
from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .caches import cache_settings
from .media import media_origin, media_storages
from .production import check_production
from .release import default_release

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def env_secret(name, default=""):
    """A secret from NAME, or from the file named by NAME_FILE (Docker/systemd credentials).

    The file's content counts without one trailing newline. Setting both is an error, so
    that nobody wonders which one is in force.
    """
    value = os.environ.get(name, "")
    path = os.environ.get(f"{name}_FILE", "")
    if path:
        if value:
            raise ImproperlyConfigured(
                f"Set either {name} or {name}_FILE, not both (both are set)."
            )
        try:
            content = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise ImproperlyConfigured(
                f"{name}_FILE={path}: the file cannot be read ({error.strerror})."
            ) from error
        return content.removesuffix("\n").removesuffix("\r")
    return value if value else default


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env_secret("DJANGO_SECRET_KEY") or (
    "development-only-insecure-key-never-use-in-production" if DEBUG else ""
)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "core.apps.CoreConfig",
    "django_prose_editor",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "django_ratelimit",
    "reversion",
    "reversion_compare",
    "partners",
    "press",
    "contact",
    "measures",
    "pages",
    "search",
    "links",
    "previews",
    # Last: a replaced or deleted file leaves the storage once the change is committed,
    # unless versions may still refer to it (core.apps.FileCleanupConfig).
    "core.apps.FileCleanupConfig",
]

MIDDLEWARE = [
    # Request ids and health checks first: /healthz and /readyz are answered before
    # SecurityMiddleware checks the Host or redirects to HTTPS (core/health.py).
    "core.request_id.RequestIdMiddleware",
    "core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "core.middleware.AllowedMethodsMiddleware",
    # WhiteNoise without collectstatic's manifest (staticfiles.json).
    "core.middleware.StaticFilesMiddleware",
    # Page cache for anonymous visitors (core/cache.py), then compression, then ETags
    # computed on the uncompressed page: a hit skips everything below.
    "core.cache.PageCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view or the CSRF check reads the body (their hooks run after this one).
    "core.middleware.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A view failing because the database is down answers 503, not 500.
    "core.middleware.DatabaseUnavailableMiddleware",
    # Last, so that it sees the admin login's answer (django-axes' requirement).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vielfalt.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "press.context_processors.letterhead",
            ],
        },
    },
]

# Every form field through one renderer: date and time inputs named each (core/forms.py).
FORM_RENDERER = "core.forms.FormRenderer"

WSGI_APPLICATION = "vielfalt.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_secret("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Transactions take the write lock at BEGIN: one that reads and then writes (claiming
    # e-mails, admin saves) waits for another writer instead of failing at once with
    # "database is locked" when several processes write.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# django-axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Uploads on the local disk (MEDIA_ROOT, PRIVATE_MEDIA_ROOT) or, for several app servers,
# in S3-compatible object storage: a public bucket and a private one for request
# attachments (vielfalt/settings/media.py, README "Objektspeicher").
MEDIA_STORAGE = os.environ.get("DJANGO_STORAGE", "local").strip().lower() or "local"
STORAGES = media_storages(
    MEDIA_STORAGE,
    bucket=os.environ.get("DJANGO_S3_BUCKET", "").strip(),
    private_bucket=os.environ.get("DJANGO_S3_PRIVATE_BUCKET", "").strip(),
    endpoint_url=os.environ.get("DJANGO_S3_ENDPOINT_URL", "").strip(),
    access_key=env_secret("DJANGO_S3_ACCESS_KEY").strip(),
    secret_key=env_secret("DJANGO_S3_SECRET_KEY").strip(),
    region=os.environ.get("DJANGO_S3_REGION", "").strip(),
    public_url=os.environ.get("DJANGO_S3_PUBLIC_URL", "").strip(),
)
# Media from the object store are answered by the object store (or the web server in
# front of it), never by the app.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", MEDIA_STORAGE == "local")

STORAGES |= {
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Hashed file names ("site.3f2a….css") are cached for ten years by whitenoise itself; this
# is for the rest. Brotli and gzip variants are made by collectstatic (Brotli package).
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Uploads: photos and PDFs from the admin and the forms.
MAX_UPLOAD_SIZE = env_int("DJANGO_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
MAX_IMAGE_PIXELS = env_int("DJANGO_MAX_IMAGE_PIXELS", 40_000_000)
# A PDF with more pages is refused (the parser reads every page's entry on upload).
MAX_PDF_PAGES = env_int("DJANGO_MAX_PDF_PAGES", 500)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_SIZE + 1024 * 1024
# Larger request bodies are refused with 413 before they are read (core.middleware): a
# public form sends one file and its fields; an editor may add up to ten files in one save.
MAX_REQUEST_SIZE = MAX_UPLOAD_SIZE + 1024 * 1024
MAX_STAFF_REQUEST_SIZE = 10 * MAX_UPLOAD_SIZE + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o644

# `manage.py backup` writes its data in this format (exact timestamps and texts).
SERIALIZATION_MODULES = {"exactjsonl": "core.serializers"}

PARTNERS_PER_PAGE = 20
MEASURES_PER_PAGE = 20
# How long a partner's personal reporting link (/berichten/<token>/) works, in days.
REPORTING_LINK_DAYS = env_int("DJANGO_REPORTING_LINK_DAYS", 60)

# --- Contact forms, e-mail and retention (contact app) -------------------------------------
# E-mail: the console backend in development, SMTP in production; DJANGO_EMAIL_BACKEND
# overrides both (e.g. "django.core.mail.backends.locmem.EmailBackend").
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set only one of DJANGO_EMAIL_USE_TLS and DJANGO_EMAIL_USE_SSL.")
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Vielfalt verbindet <noreply@localhost>" if DEBUG else ""
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who is told about new requests and messages (comma-separated addresses).
CONTACT_NOTIFY_EMAILS = env_list(
    "DJANGO_CONTACT_NOTIFY_EMAILS", "partnerinitiative@localhost" if DEBUG else ""
)
# Four eyes: may someone approve (publish) an item they submitted themselves?
WORKFLOW_SELF_APPROVAL = env_bool("DJANGO_WORKFLOW_SELF_APPROVAL", False)
# The portal's public address, for links in e-mails (no trailing slash).
PORTAL_URL = os.environ.get("DJANGO_PORTAL_URL", "http://127.0.0.1:8000" if DEBUG else "")
PORTAL_URL = PORTAL_URL.rstrip("/")
# E-mails are sent by the worker `send_pending_notifications --loop` (never inside a
# visitor's request): it looks for new ones every NOTIFICATION_POLL_SECONDS, gives up on one
# after NOTIFICATION_MAX_ATTEMPTS failed attempts (spaced 1, 2, 4 … 60 minutes), and takes
# over e-mails another worker claimed longer than NOTIFICATION_CLAIM_TIMEOUT_SECONDS ago
# (that worker died). Keep the claim timeout well above batch size x EMAIL_TIMEOUT.
NOTIFICATION_MAX_ATTEMPTS = env_int("DJANGO_NOTIFICATION_MAX_ATTEMPTS", 10)
NOTIFICATION_POLL_SECONDS = env_int("DJANGO_NOTIFICATION_POLL_SECONDS", 5)
NOTIFICATION_CLAIM_TIMEOUT_SECONDS = env_int("DJANGO_NOTIFICATION_CLAIM_TIMEOUT_SECONDS", 900)

# Closed requests and messages are deleted this many days after they were closed.
SUBMISSION_RETENTION_DAYS = env_int("DJANGO_SUBMISSION_RETENTION_DAYS", 180)
# Files sent with requests hold personal data: stored outside MEDIA_ROOT (or in the private
# bucket), never served publicly, downloaded only through the admin (storage "private").
PRIVATE_MEDIA_ROOT = Path(os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))

# Anti-spam without CAPTCHA: a form must be open at least FORM_MIN_SECONDS and at most
# FORM_MAX_AGE_SECONDS and its token is good for one accepted submission; each client
# address may send FORM_RATE_LIMIT submissions per FORM_RATE_WINDOW_SECONDS (counted in the
# counters store, COUNTER_CACHE_ALIAS below).
FORM_MIN_SECONDS = env_int("DJANGO_FORM_MIN_SECONDS", 3)
FORM_MAX_AGE_SECONDS = env_int("DJANGO_FORM_MAX_AGE_SECONDS", 2 * 60 * 60)
FORM_RATE_LIMIT = env_int("DJANGO_FORM_RATE_LIMIT", 5)
FORM_RATE_WINDOW_SECONDS = env_int("DJANGO_FORM_RATE_WINDOW_SECONDS", 600)

# --- Performance and running on several servers --------------------------------------------
# The release this process runs (vielfalt/settings/release.py): rendered pages and remembered
# values are kept per release, so that two releases side by side never serve each other's.
RELEASE = os.environ.get("DJANGO_RELEASE", "").strip() or default_release(BASE_DIR, STATIC_ROOT)
# How many app servers run this portal. More than one needs a shared cache (DJANGO_CACHE_URL),
# else each would count rate limits and invalidate pages on its own (checked at start).
NODES = env_int("DJANGO_NODES", 1)
# Files this machine keeps between restarts (the content version without Redis); writable
# by the app servers, not wiped like the temporary folder.
STATE_DIR = Path(os.environ.get("DJANGO_STATE_DIR", "") or BASE_DIR / "var")

# Cache: per-process memory by default; "redis://host:6379/0" shares it between app servers
# (django-redis). Redis may fail: every cache call then gives up within
# DJANGO_CACHE_SOCKET_TIMEOUT seconds and counts as a miss (vielfalt/settings/caches.py).
CACHE_URL = env_secret("DJANGO_CACHE_URL").strip()
CACHE_SOCKET_TIMEOUT = float(os.environ.get("DJANGO_CACHE_SOCKET_TIMEOUT", "") or 0.5)
# Pages get a store of their own, so that they never push other cached values out (the
# contact forms' rate-limit counters, the letterhead): a separate local-memory area, or the
# same Redis under another key prefix, which names the release.
PAGE_CACHE_ALIAS = "pages"
COUNTER_CACHE_ALIAS = "counters"
CACHES = cache_settings(
    CACHE_URL,
    RELEASE,
    CACHE_SOCKET_TIMEOUT,
    pages_alias=PAGE_CACHE_ALIAS,
    counters_alias=COUNTER_CACHE_ALIAS,
)
# Cache errors are logged (core.failfast limits them to one line per outage and process).
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "core.failfast"

# Whole-page cache for anonymous visitors (core/cache.py): on by default in production,
# off in development and tests. Every content change invalidates all pages at once; the
# timeout bounds how late a press item scheduled with "publish at" can appear (no save
# happens when it becomes due), so keep it short.
PAGE_CACHE_ENABLED = env_bool("DJANGO_PAGE_CACHE", not DEBUG)
PAGE_CACHE_TIMEOUT = env_int("DJANGO_PAGE_CACHE_SECONDS", 60)
RATELIMIT_USE_CACHE = COUNTER_CACHE_ALIAS
# A store that cannot count (Redis down) lets submissions through rather than losing them;
# the other spam checks still apply, and the failure is logged (core.failfast).
RATELIMIT_FAIL_OPEN = True
# django-ratelimit warns about every cache backend outside its short list, including
# django-redis and core.counters; both count atomically (see core/counters.py). Its errors
# for caches that cannot work (per-process memory, plain file or database) stay on.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# Saving or deleting a model of these apps (or "app.Model") invalidates the page cache.
PAGE_CACHE_CONTENT_APPS = ["partners", "press", "pages", "measures", "contact.Document"]
# Paths never cached (the admin, uploads served by the app).
PAGE_CACHE_EXCLUDED_PATHS = [
    "/admin/",
    MEDIA_URL,
    "/healthz",
    "/readyz",
    "/vorschau/",
    "/berichten/",
]
# Where the content version lives when the cache is per process (locmem): a small file
# that all app server processes of this machine share.
PAGE_CACHE_VERSION_FILE = Path(
    os.environ.get("DJANGO_PAGE_CACHE_VERSION_FILE", "") or STATE_DIR / "content-version"
)

# Link checks (manage.py check_links, links app): seconds to wait for a connection and for
# each answer, and how old a result may get before --only-due checks the link again.
# Preview links for drafts (previews app): how many days a new link works.
PREVIEW_LINK_DAYS = env_int("DJANGO_PREVIEW_LINK_DAYS", 14)

LINK_CHECK_TIMEOUT = env_int("DJANGO_LINK_CHECK_TIMEOUT", 10)
LINK_CHECK_DUE_DAYS = env_int("DJANGO_LINK_CHECK_DUE_DAYS", 7)
# Site owners who see the checker in their logs learn who asks and where to complain.
LINK_CHECK_USER_AGENT = f"VielfaltVerbindetLinkCheck/1.0 (+{PORTAL_URL}/impressum/)"

# Responsive images: widths (px) of the WebP and JPEG renditions made of every partner photo.
PHOTO_RENDITION_WIDTHS = [480, 960, 1440]

# The benchmark's reference view (/bench/ping/), registered only when the benchmark asks.
BENCH_REFERENCE_VIEW = env_bool("BENCH_REFERENCE_VIEW", False)

# Logging to stdout, one line per record with time, level, logger and request id
# (core.request_id); DJANGO_LOG_FORMAT=json writes one JSON object per line. Errors are
# also mailed to ADMINS (DJANGO_ADMINS) in production.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text").strip().lower() or "text"
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured("DJANGO_LOG_FORMAT must be text or json.")
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO")
# Refused requests (django.security: path traversal, unknown hosts; django.request: other
# 4xx such as unreadable bodies) are one line each, with what the client sent escaped; they
# are expected, not faults. Server errors keep their traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "core.request_id.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "one_line": {"()": "core.log.OneLine"},
        "client_errors_one_line": {"()": "core.log.OneLine", "server_errors_in_full": True},
    },
    "formatters": {
        "text": {"()": "core.log.TextFormatter"},
        "json": {"()": "core.log.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        },
        "security": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id", "one_line"],
            "formatter": LOG_FORMAT,
        },
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Replaces Django's own console handler (stderr, DEBUG only): one format for all.
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.security": {"handlers": ["security"], "propagate": False},
        "django.request": {"filters": ["client_errors_one_line"]},
    },
}

# Security. Headers and cookie flags hold in every mode; HTTPS-only switches follow in
# production. `manage.py check --deploy --fail-level WARNING` passes with production env vars
# (a test and `make test` prove it).
if not DEBUG:
    check_production(globals())
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Only the browser tests switch this off: they talk plain HTTP to gunicorn on loopback.
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads the token; the forms carry it
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): everything from our own origin, nothing inline,
# no eval, no plugins, no framing. Scripts only from the static files and the admin's
# translation catalogue, never from elsewhere on the origin (uploads): paths get the
# request's origin in core.middleware (CSP cannot name a path without a host). Templates
# carry no inline script or style (a test scans them); the Django admin works as it is.
# The admin's rich-text editor adds a nonce and one stylesheet's hash to its own change
# forms only (core.richtext).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": [STATIC_URL, "/admin/jsi18n/"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *filter(None, [media_origin(STORAGES)])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    },
}

# Permissions-Policy (django-permissions-policy): the portal uses none of these browser
# features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    ]
} | {"fullscreen": ["self"]}

# Admin login: django-axes locks a username for the client's address after repeated
# failures. Username and address together, so that nobody can lock an editor out from
# elsewhere; the lock ends by itself after the cool-off (each attempt during the lock
# restarts it), and a successful login clears the count.
AXES_VERBOSE = False  # no banner on every start and command
AXES_FAILURE_LIMIT = env_int("DJANGO_AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_LOCKOUT_CALLABLE = "core.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.client.client_address"
# Number of reverse proxies in front of the app that append to X-Forwarded-For (0: none,
# the client is REMOTE_ADDR). Behind one nginx: 1. The one source of the client address
# (core.client) for the login lock-out and the forms' rate limit.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)


# DJANGO_ADMINS="Ada Admin <ada@example.org>, ops@example.org": they get a mail for every
# error (500) in production, through Django's AdminEmailHandler (LOGGING "mail_admins").
ADMINS = [
    (name or address, address)
    for name, address in getaddresses([os.environ.get("DJANGO_ADMINS", "")])
    if name or address
]
for _name, _address in ADMINS:
    if "@" not in _address:
        raise ImproperlyConfigured(
            f"DJANGO_ADMINS: {_address!r} is not an e-mail address "
            "(expected 'Name <mail@example.org>, other@example.org')."
        )
MANAGERS = ADMINS

# Error tracking: SENTRY_DSN (or SENTRY_DSN_FILE) switches sentry-sdk on when it is
# installed (pip install ".[sentry]"); without it the portal logs a warning and runs on.
SENTRY_DSN = env_secret("SENTRY_DSN")
if SENTRY_DSN:
    from core.sentry import init_sentry

    init_sentry(SENTRY_DSN, environment=os.environ.get("SENTRY_ENVIRONMENT", "production"))
