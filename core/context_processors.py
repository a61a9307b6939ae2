from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_info


def _absolute(request, path):
    # The 400 page for a forged Host header renders with this context too: no host, no URL.
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        return ""


def _language_versions(request):
    current = get_language()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(request.get_full_path(), code),
            "absolute_url": _absolute(request, translate_url(request.path, code)),
            "is_current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


def site(request):
    """Values every page's header and footer need."""
    return {
        "debug": settings.DEBUG,
        # Path only: query strings (filters) do not make a page of their own for search engines.
        "canonical_url": _absolute(request, request.path),
        # The same page in every language, for the language switch and hreflang links.
        # Lazy: translating URLs costs, and templates rendered many times per request
        # (a feed's item descriptions) run this processor each time without using them.
        "language_versions": SimpleLazyObject(lambda: _language_versions(request)),
    }
