from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def site(request):
    """Values every page's header and footer need."""
    current = get_language()
    return {
        "debug": settings.DEBUG,
        # Path only: query strings (filters) do not make a page of their own for search engines.
        "canonical_url": request.build_absolute_uri(request.path),
        # The same page in every language, for the language switch and hreflang links.
        "language_versions": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": translate_url(request.get_full_path(), code),
                "absolute_url": request.build_absolute_uri(translate_url(request.path, code)),
                "is_current": code == current,
            }
            for code, _name in settings.LANGUAGES
        ],
    }
