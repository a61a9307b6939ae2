from django import template

from core import desk

register = template.Library()


@register.simple_tag(takes_context=True)
def office_desk(context):
    request = context["request"]
    return {"blocks": desk.blocks(request), "recent": desk.recent_changes(request)}
