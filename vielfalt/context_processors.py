from django.conf import settings


def site(request):
    """Values every page's header and footer need."""
    return {
        "debug": settings.DEBUG,
        # Path only: query strings (filters) do not make a page of their own for search engines.
        "canonical_url": request.build_absolute_uri(request.path),
    }
