from django.conf import settings


def site(request):
    """Values every page's header and footer need."""
    return {"debug": settings.DEBUG}
