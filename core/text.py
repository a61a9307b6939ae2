"""Text for pages, feeds and calendars: plain text as editors typed it, and rich text (the
sanitised HTML of core.richtext) as plain text again."""

import re
from html.parser import HTMLParser

from django.utils.html import escape
from django.utils.text import normalize_newlines

# A blank line (possibly holding spaces) ends a paragraph.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SPACES = re.compile(r"\s+")
# Elements that start a block of their own in the plain text.
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "div"}
LIST_MARK = "– "


def paragraphs(text):
    """Plain text to paragraphs: a blank line separates them.

    Browsers send a textarea's line breaks as "\\r\\n" (so does the admin), fixtures and
    imports usually "\\n": both count the same.
    """
    parts = _PARAGRAPH_BREAK.split(normalize_newlines(text or ""))
    return [part.strip() for part in parts if part.strip()]


def html_from_text(text):
    """Plain text as rich text, losing nothing: a paragraph per blank line, a line break
    per single line break, every character escaped."""
    return "".join(
        "<p>{}</p>".format("<br>".join(escape(line.strip()) for line in part.split("\n")))
        for part in paragraphs(text)
    )


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []  # finished blocks: (text, inside a list item)
        self.lines = [[]]  # the current block: lines, each a list of pieces
        self.items = 0  # list items open around the current block
        self.mark_next = False  # the next text starts a list item

    def end_block(self):
        lines = [_SPACES.sub(" ", "".join(line)).strip() for line in self.lines]
        text = "\n".join(line for line in lines if line)
        if text:
            self.blocks.append((text, self.items > 0))
        self.lines = [[]]

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.end_block()
        if tag == "li":
            self.items += 1
            self.mark_next = True
        elif tag == "br":
            self.lines.append([])

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self.end_block()
        if tag == "li":
            self.items = max(0, self.items - 1)

    def handle_data(self, data):
        if self.mark_next and data.strip():
            self.lines[-1].append(LIST_MARK)
            self.mark_next = False
        self.lines[-1].append(data)


def plain_text(html):
    """Rich text (HTML) as plain text, for feeds, calendars, search and descriptions: the
    words without markup, entities decoded, a blank line between blocks (paragraphs,
    headings, quotes, lists), list items on lines of their own starting with a dash, a
    line break per <br>."""
    collector = _TextCollector()
    collector.feed(html or "")
    collector.close()
    collector.end_block()
    text, previous_item = "", False
    for block, item in collector.blocks:
        separator = "\n" if item and previous_item else "\n\n"
        text += (separator if text else "") + block
        previous_item = item
    return text


def one_line(text):
    """Text on one line, whitespace collapsed: for attributes such as a meta description."""
    return _SPACES.sub(" ", text or "").strip()
