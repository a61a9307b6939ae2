from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from core.preview import keep_private

from .kinds import is_previewable, preview_view
from .models import PreviewLink


def _refused(request, status):
    page = render_to_string("previews/link_invalid.html", {"status": status}, request=request)
    return HttpResponse(page, status=status)


@require_safe
def shared_preview(request, token):
    """/vorschau/<token>/: the draft a preview link names, as it is in the database now.

    An unknown or altered token answers 404, a revoked or expired link 410 ("nicht mehr
    gültig"), also once the draft is deleted."""
    link = PreviewLink.objects.from_token(token)
    if link is None:
        return keep_private(_refused(request, 404))
    model = link.content_type.model_class()
    if not link.is_valid() or model is None or not is_previewable(model):
        return keep_private(_refused(request, 410))
    try:
        return preview_view(model)(request, pk=link.object_id)
    except Http404:
        return keep_private(_refused(request, 410))
