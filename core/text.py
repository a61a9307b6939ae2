"""Plain text as editors type it, made ready for pages, feeds and calendars."""

import re

from django.utils.text import normalize_newlines

# A blank line (possibly holding spaces) ends a paragraph.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def paragraphs(text):
    """Plain text to paragraphs: a blank line separates them.

    Browsers send a textarea's line breaks as "\\r\\n" (so does the admin), fixtures and
    imports usually "\\n": both count the same.
    """
    parts = _PARAGRAPH_BREAK.split(normalize_newlines(text or ""))
    return [part.strip() for part in parts if part.strip()]
