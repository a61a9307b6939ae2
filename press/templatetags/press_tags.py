import json
import re

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# The characters that could end the <script> element or start markup inside it.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """schema.org data as <script type="application/ld+json"> (data, not executable)."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(text.translate(_JSON_ESCAPES))
    )


@register.filter
def tel_href(number):
    """ "0231/838 00 72" -> "tel:+492318380072": a link phones can dial."""
    digits = re.sub(r"[^\d+]", "", number or "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+49" + digits[1:]
    return f"tel:{digits}" if len(digits) > 3 else ""
