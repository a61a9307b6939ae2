"""Hooks for django-axes: the client's address and the German lockout page."""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def client_ip(request):
    """The client's address, counting only the proxies we trust.

    Without proxies (``TRUSTED_PROXY_COUNT = 0``) it is REMOTE_ADDR. Behind N proxies each
    appends the address it saw to X-Forwarded-For, so the N-th entry from the right is
    the one our outermost proxy saw; entries further left are the client's own claims.
    """
    count = settings.TRUSTED_PROXY_COUNT
    remote_addr = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote_addr
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote_addr
    return forwarded[-count]


def lockout_response(request, original_response=None, credentials=None):
    """Answer a locked-out login with the portal's page: when to try again, and why.

    Axes restarts the cool-off with every attempt made during the lock, and this page is
    rendered right after such an attempt, so the lock ends one cool-off from now.
    """
    cool_off = settings.AXES_COOLOFF_TIME
    return render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(cool_off.total_seconds() // 60),
            "retry_at": timezone.localtime(timezone.now() + cool_off),
        },
        status=429,
    )
