"""Small middleware of the project's own."""

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from whitenoise.middleware import WhiteNoiseMiddleware


def permissions_policy_header(policy):
    """Turn ``{"camera": [], "fullscreen": ["self"]}`` into ``camera=(), fullscreen=(self)``.

    ``"self"`` and ``"*"`` are keywords; anything else is an origin and gets quoted.
    """
    parts = []
    for feature, allowlist in policy.items():
        if allowlist == "*" or allowlist == ["*"]:
            parts.append(f"{feature}=*")
            continue
        items = [item if item in {"self", "src"} else f'"{item}"' for item in allowlist]
        parts.append(f"{feature}=({' '.join(items)})")
    return ", ".join(parts)


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header built from ``settings.PERMISSIONS_POLICY``.

    A view that needs a feature can set its own header; this one is only a default.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.header
        return response


class AllowedMethodsMiddleware:
    """Answer 405 to the HTTP methods no view of the portal uses (TRACE, PUT, DELETE, ...).

    Views that only read (feeds, the sitemap, calendars) also refuse POST themselves
    (``require_safe``); class-based views answer 405 to what they do not define.
    """

    allowed = ("GET", "HEAD", "POST", "OPTIONS")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.allowed:
            return HttpResponseNotAllowed(self.allowed)
        return self.get_response(request)


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, minus the manifest of hashed names that collectstatic writes.

    ``staticfiles.json`` lists every static file; the app reads it from disk, a browser
    never needs it, so it is not published. (A web server that serves STATIC_ROOT itself
    must leave it out as well.)
    """

    def is_manifest(self, url):
        return url == self.static_prefix + ManifestFilesMixin.manifest_name

    def add_file_to_dictionary(self, url, path, stat_cache=None):
        if not self.is_manifest(url):
            super().add_file_to_dictionary(url, path, stat_cache=stat_cache)

    def find_file(self, url):
        return None if self.is_manifest(url) else super().find_file(url)


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than any form of the portal takes, before it is read.

    Checked on the declared Content-Length, before the CSRF check or a view reads the body,
    so nothing of it reaches memory or a temporary file. A public form takes one upload of
    at most MAX_UPLOAD_SIZE plus its fields; editors may add several files in one save.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        # request.user is only looked at when the public limit is exceeded.
        if length > settings.MAX_REQUEST_SIZE and not (
            length <= settings.MAX_STAFF_REQUEST_SIZE and request.user.is_staff
        ):
            return render(
                request,
                "413.html",
                {"max_upload_size": settings.MAX_UPLOAD_SIZE},
                status=413,
            )
        return self.get_response(request)
