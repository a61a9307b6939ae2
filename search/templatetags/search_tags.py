from django import template

from core import search

register = template.Library()


@register.simple_tag
def excerpt(text, query):
    """An escaped piece of ``text`` around the first hit, hits wrapped in <mark>."""
    return search.excerpt(text, query)


@register.simple_tag
def highlight(text, query):
    """All of ``text`` (a title), escaped, hits wrapped in <mark>."""
    return search.excerpt(text, query, width=len(text or ""))
