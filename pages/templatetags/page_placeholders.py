"""Values from the settings inside staff-written page text (pages.Page).

Staff write e.g. "… löschen wir [[speicherdauer_tage]] Tage nach Abschluss …"; the page
shows the number configured in settings, so the text cannot drift from what the
purge command does.
"""

import math
import re

from django import template
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

PLACEHOLDER = re.compile(r"\[\[\s*([a-z_]+)\s*\]\]")


def placeholder_values():
    return {
        "speicherdauer_tage": settings.SUBMISSION_RETENTION_DAYS,
        # The rate-limit counter lives one minute longer than its window (see core.spam).
        "sperrfrist_minuten": math.ceil((settings.FORM_RATE_WINDOW_SECONDS + 60) / 60),
    }


@register.filter
def fill_placeholders(text):
    """Replace known [[placeholders]]; unknown ones stay visible so staff notice them.

    The input is a page's content: HTML written by staff with the permission to edit
    pages, never by the public, cleaned on save and marked safe by the template. The
    values put in are numbers from the settings, so the result stays safe. Text that was
    not marked safe is escaped first.
    """
    values = placeholder_values()

    def replace(match):
        value = values.get(match.group(1))
        return match.group(0) if value is None else str(value)

    return mark_safe(PLACEHOLDER.sub(replace, str(conditional_escape(text))))
