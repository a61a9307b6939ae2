from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from ..kinds import is_previewable
from ..models import PreviewLink

register = template.Library()


@register.inclusion_tag("admin/previews/preview_links.html", takes_context=True)
def preview_link_panel(context):
    """The "Vorschau-Links" section under a change form of a kind that has previews."""
    obj = context.get("original")
    request = context["request"]
    user = request.user
    if obj is None or obj.pk is None or not is_previewable(type(obj)):
        return {"show": False}
    can_add = user.has_perm("previews.add_previewlink")
    can_view = can_add or user.has_perm("previews.view_previewlink")
    if not can_view:
        return {"show": False}
    links = list(PreviewLink.objects.for_object(obj).select_related("created_by"))
    return {
        "show": True,
        "object": obj,
        "content_type_id": ContentType.objects.get_for_model(obj).pk,
        "links": links,
        "can_add": can_add,
        "can_revoke": user.has_perm("previews.change_previewlink"),
        "days": settings.PREVIEW_LINK_DAYS,
        "csrf_token": context.get("csrf_token"),
    }
