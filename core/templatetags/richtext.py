from django import template

from core.text import one_line
from core.text import plain_text as text_of

register = template.Library()


@register.filter
def plain_text(html):
    """Rich text as plain text on one line: for descriptions, excerpts and list entries."""
    return one_line(text_of(html))
