"""The django-axes hook for the German lock-out page (the client address: core.client)."""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


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
