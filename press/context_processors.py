from django.utils.functional import SimpleLazyObject

from .models import Letterhead


def letterhead(request):
    """The ministry's letterhead for the footer and the press pages.

    Lazy, so pages that do not show it (the admin) never ask; cached, so the others cost
    no query once the cache is warm.
    """
    return {"letterhead": SimpleLazyObject(Letterhead.current)}
