from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def _absolute(request, path):
    # The 400 page for a forged Host header renders with this context too: no host, no URL.
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        return ""


def site(request):
    """Values every page's header and footer need."""
    current = get_language()
    return {
        "debug": settings.DEBUG,
        # Path only: query strings (filters) do not make a page of their own for search engines.
        "canonical_url": _absolute(request, request.path),
        # The same page in every language, for the language switch and hreflang links.
        "language_versions": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": translate_url(request.get_full_path(), code),
                "absolute_url": _absolute(request, translate_url(request.path, code)),
                "is_current": code == current,
            }
            for code, _name in settings.LANGUAGES
        ],
    }
