"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py vielfalt.wsgi`.

Everything comes from the environment, with defaults for one machine behind a reverse proxy:

GUNICORN_BIND             address to listen on (default 127.0.0.1:8000; several: comma-separated)
WEB_CONCURRENCY           worker processes (default 2 × cores + 1, at most 12)
GUNICORN_THREADS          threads per worker (default 1: sync workers; > 1: gthread workers)
GUNICORN_TIMEOUT          seconds before a silent worker is killed and restarted (default 30)
GUNICORN_GRACEFUL_TIMEOUT seconds a worker may finish its requests on restart (default 30)
GUNICORN_KEEPALIVE        seconds to hold an idle keep-alive connection (default 5)
GUNICORN_MAX_REQUESTS     requests before a worker is replaced (default 10000, 0 = never) …
GUNICORN_MAX_REQUESTS_JITTER  … plus a random 0..N, so workers do not restart together (1000)
GUNICORN_ACCESSLOG        "-" = stdout (default), a file path, or empty for no access log
GUNICORN_LOGLEVEL         error log level (default info)
GUNICORN_PRELOAD          load the app before forking (default 1: less memory, fast restarts)
GUNICORN_FORWARDED_ALLOW_IPS  proxies trusted for X-Forwarded-* (default 127.0.0.1)
GUNICORN_LIMIT_REQUEST_LINE    longest request line in bytes (default 8190)
GUNICORN_LIMIT_REQUEST_FIELDS  most header fields per request (default 100)

Slow clients: a sync worker serves one connection at a time, so a client that sends its
request slowly (or never finishes it) holds that worker. The answer is not more workers or
a shorter timeout but nginx in front with request and response buffering
(deploy/nginx/vielfalt-common.conf): nginx reads the whole request before gunicorn sees
it and takes the response at once. tests/deploy/test_nginx.py proves it with stalled
clients against two sync workers. Never expose gunicorn directly to the internet.
Behind nginx, keep-alive between nginx and gunicorn is fine (keepalive 5).
"""

import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _bool(name, default):
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in {"1", "true", "yes", "on"}


bind = [
    address.strip()
    for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
    if address.strip()
]
workers = _int("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 12))
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Replacing workers now and then bounds what a leak could cost. A new worker is forked from
# the preloaded master with templates, translations and URLs ready (vielfalt/warmup.py), but
# its page cache starts empty: so not too often (under a press rush of 2,000 requests/s a
# worker with max_requests 1,000 was replaced every few seconds).
max_requests = _int("GUNICORN_MAX_REQUESTS", 10000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 1000)
preload_app = _bool("GUNICORN_PRELOAD", True)
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Requests bigger than this are refused before Django sees them (nginx's limits are similar).
limit_request_line = _int("GUNICORN_LIMIT_REQUEST_LINE", 8190)
limit_request_fields = _int("GUNICORN_LIMIT_REQUEST_FIELDS", 100)
limit_request_field_size = _int("GUNICORN_LIMIT_REQUEST_FIELD_SIZE", 8190)

accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Without the client's IP address (data protection); with the time taken in milliseconds.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# Worker heartbeats in memory, not on a disk that may stall (containers, network storage).
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

proc_name = "vielfalt"
