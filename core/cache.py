"""Whole-page cache for anonymous visitors, invalidated by any content change.

Rules (kept conservative: a page is served from the cache only when it is certain that every
anonymous visitor would get the very same bytes):

- only GET (and HEAD, answered from a GET's entry) requests without a session or messages
  cookie and without an Authorization header; nothing under PAGE_CACHE_EXCLUDED_PATHS;
- only 200 responses that set no cookie (a page that uses a CSRF token sets the CSRF
  cookie, so forms are never cached), are not streamed, carry no "private"/"no-cache"/
  "no-store" Cache-Control, vary on nothing but Cookie, Accept-Encoding and
  Accept-Language, used no CSP nonce, and whose view did not opt out with
  ``@no_page_cache``;
- the key holds the content version, scheme, host, full path with query string, language
  (from the path's prefix, else as negotiated) and whether the client takes gzip (the
  compressed variant is stored, so a hit costs no compression). A view's own CSP
  (django-csp decorators) is stored with the page; the CSP header itself is added by the
  CSP middleware further out, on every answer.

The content version changes on every save or delete of a model listed in
PAGE_CACHE_CONTENT_APPS (right away and again when the transaction commits), and after
every successful non-GET request of a staff user (admin actions use QuerySet.update(),
which sends no signals). It lives in the shared cache's "default" alias when the cache is
shared (Redis; one version for all releases), and in a small file (PAGE_CACHE_VERSION_FILE)
when it is per process (locmem), so that every app server process sees a change at once.
Pages and remembered values live in the pages alias, whose key prefix names the release.
Entries expire after PAGE_CACHE_TIMEOUT seconds: the bound for items that become public by
time alone (a press item's "publish at").

When Redis cannot be reached, the version is unknown: pages are served uncached and
remembered values computed, nothing is stored. A change saved meanwhile cannot bump the
version; the process owes the bump and makes it as soon as Redis answers again, so no page
from before the change is served afterwards (at worst, if that process ends first, until
the entries expire).
"""

import functools
import hashlib
import logging
import os
import re
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_conditional_response
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language_from_request

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
HEADER = "X-Page-Cache"
SAFE_METHODS = {"GET", "HEAD"}
HARMLESS_VARY = {"cookie", "accept-encoding", "accept-language"}
UNCACHEABLE_CACHE_CONTROL = ("private", "no-cache", "no-store", "max-age=0")
BYPASS_COOKIES = ("messages",)  # plus SESSION_COOKIE_NAME
_accepts_gzip = re.compile(r"\bgzip\b")


def no_page_cache(view):
    """Keep a view's responses out of the page cache (without touching browser caching)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        response = view(*args, **kwargs)
        response.page_cache = False
        return response

    return wrapper


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


# --- The content version -------------------------------------------------------------------


def _version_store():
    """Where the content version lives: the shared cache's "default" alias (one version for
    every release running side by side, so that an edit on one invalidates the pages of
    all), or None when caches are per process and a file on this machine holds it."""
    store = caches["default"]
    return None if _is_per_process(store) else store


def _is_per_process(cache):
    return isinstance(cache, LocMemCache)


def version_file():
    return Path(settings.PAGE_CACHE_VERSION_FILE)


# A bump that could not be stored (Redis down, file not writable) is owed: this process
# tries it again before it next reads the version, so that pages cached before the change
# do not come back once the store is reachable again. Should the process end first, those
# pages still expire after PAGE_CACHE_TIMEOUT (remembered values after their timeout).
_bump_owed = False


def content_version():
    """The current content version, or None when it cannot be known (the shared cache is
    unreachable): then nothing may be read from or written to the page cache, because a
    guessed version could serve pages from before a change."""
    if _bump_owed:
        bump_content_version()
    store = _version_store()
    if store is None:
        try:
            return version_file().read_text()
        except FileNotFoundError:
            return "0"
        except OSError:
            logger.warning("Could not read the page cache's content version", exc_info=True)
            return None
    version = store.get(VERSION_KEY)
    if version is None:
        # First use (or the key was evicted): agree on one version. add() only writes when
        # the key is missing, so a get() that failed for a moment never replaces a version.
        store.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = store.get(VERSION_KEY)
    return version


def bump_content_version():
    """Make every cached page obsolete (in all processes); never raises."""
    global _bump_owed
    new_version = uuid.uuid4().hex
    store = _version_store()
    if store is not None:
        # Read back: a cache that fails open does not say whether it stored anything.
        store.set(VERSION_KEY, new_version, timeout=None)
        stored = store.get(VERSION_KEY) == new_version
    else:
        path = version_file()
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(new_version)
            os.replace(temporary, path)
            stored = True
        except OSError:
            logger.exception("Could not write the page cache's content version to %s", path)
            stored = False
    _bump_owed = not stored
    return bool(stored)


_MISSING = object()


def remember(key, compute, timeout=None):
    """``compute()``, kept in the page cache's store until the content changes (or
    ``timeout`` seconds pass): for values derived from all of the content that a page needs
    on every request, e.g. the years a list can be filtered by. Independent of
    PAGE_CACHE_ENABLED: it also spares the work for visitors who never get cached pages.
    Values that change with time alone (what is due) need a timeout. Without a reachable
    cache the value is computed each time."""
    version = content_version()
    if version is None:
        return compute()
    cache = page_cache()
    full_key = f"pagecache:value:{version}:{key}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(
            full_key, value, settings.PAGE_CACHE_TIMEOUT * 10 if timeout is None else timeout
        )
    return value


def is_content_model(model):
    """Is ``model`` (or, for an automatic many-to-many table, its owner) public content?"""
    opts = model._meta
    if opts.auto_created:
        opts = opts.auto_created._meta
    targets = {target.lower() for target in settings.PAGE_CACHE_CONTENT_APPS}
    return opts.app_label.lower() in targets or opts.label_lower in targets


def content_changed(sender, **kwargs):
    if not kwargs.get("action", "post_").startswith("post_"):
        return  # m2m_changed: the pre_* half
    if not is_content_model(sender):
        return
    # Inside the editor's transaction: bump_content_version() never raises, so that a cache
    # outage never rolls a save back.
    bump_content_version()
    # Again after the commit: a request that read the new version before the commit may
    # have rendered and stored the old content under it.
    transaction.on_commit(bump_content_version, using=kwargs.get("using"))


def connect_content_signals():
    """Connected for all senders: models of apps installed later are covered by the setting."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"page_cache_{id(signal)}")


# --- The middleware ------------------------------------------------------------------------


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED:
            return self.get_response(request)
        key = self.cache_key(request) if self.is_cacheable_request(request) else None
        # key is also None when the content version is unknown (cache unreachable): the
        # page is then served uncached.
        if key is not None:
            stored = page_cache().get(key)
            if stored is not None:
                return self.from_cache(request, stored)
        response = self.get_response(request)
        if (
            key is not None
            and request.method == "GET"
            and self.is_cacheable_response(response)
            and not getattr(request, "_csp_nonce", None)  # a nonce made for this request
        ):
            page_cache().set(key, self.to_cache(response), settings.PAGE_CACHE_TIMEOUT)
            response.headers[HEADER] = "miss"
        elif request.method not in SAFE_METHODS and response.status_code < 400:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and user.is_staff:
                bump_content_version()
        return response

    @staticmethod
    def is_cacheable_request(request):
        if request.method not in SAFE_METHODS or "HTTP_AUTHORIZATION" in request.META:
            return False
        if any(request.path.startswith(path) for path in settings.PAGE_CACHE_EXCLUDED_PATHS):
            return False
        cookies = request.COOKIES
        return not (
            settings.SESSION_COOKIE_NAME in cookies
            or any(name in cookies for name in BYPASS_COOKIES)
        )

    @staticmethod
    def cache_key(request):
        version = content_version()
        if version is None:
            return None
        encoding = (
            "gzip" if _accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else ""
        )
        parts = [
            version,
            request.scheme,
            request.get_host(),  # raises DisallowedHost (400) for hosts not allowed
            request.get_full_path(),
            get_language_from_request(request, check_path=True),
            encoding,
        ]
        raw = "\n".join(parts).encode("utf-8", "backslashreplace")
        return "pagecache:page:" + hashlib.sha256(raw).hexdigest()

    @staticmethod
    def is_cacheable_response(response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if getattr(response, "page_cache", True) is False:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(directive in cache_control for directive in UNCACHEABLE_CACHE_CONTROL):
            return False
        vary = {
            header.strip().lower()
            for header in cc_delim_re.split(response.get("Vary", ""))
            if header.strip()
        }
        if vary - HARMLESS_VARY:
            return False
        policies = response.get("Content-Security-Policy", "") + response.get(
            "Content-Security-Policy-Report-Only", ""
        )
        return "nonce-" not in policies

    @staticmethod
    def to_cache(response):
        headers = [(name, value) for name, value in response.headers.items() if name != HEADER]
        # A view's own CSP (django-csp's decorators) travels as attributes on the response,
        # read by the CSP middleware further out: keep them with the page.
        policy = {name: value for name, value in vars(response).items() if name.startswith("_csp")}
        return (response.content, headers, policy)

    @staticmethod
    def from_cache(request, stored):
        content, headers, policy = stored
        response = HttpResponse(content)
        for name, value in headers:
            response.headers[name] = value
        for name, value in policy.items():
            setattr(response, name, value)
        response.headers[HEADER] = "hit"
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )
