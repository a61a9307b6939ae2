"""Rich text: what editors may write, in one place.

A `RichTextField` is a text column holding HTML from the admin's editor (django-prose-editor,
ProseMirror). One `RichText` kind per use decides both what the editor's toolbar offers and
what the server keeps (nh3): paragraphs, headings of the levels that fit the page, bold,
italic, lists, block quotes, links, line breaks — nothing else. Links go to `https:`,
`http:`, `mailto:`, `tel:` or to a path on this site ("/kontakt/"); every link gets
rel="noopener". No attribute besides a link's address and title survives: no class, no
style, no event handler.

The value is cleaned whenever it is written — form validation (the admin), `save()` (the
shell), and every write to the database (fixtures loaded raw, `QuerySet.update()`) — so
nothing reaches a page that the editor could not have produced.
"""

import re
from dataclasses import dataclass
from functools import cached_property

import nh3
from csp.constants import NONCE
from django import forms
from django.db.models import Value
from django.db.models.expressions import Expression
from django.urls import reverse_lazy
from django_prose_editor.fields import ProseEditorField
from django_prose_editor.widgets import AdminProseEditorWidget
from js_asset import Media

# The SHA-256 of the stylesheet Tiptap injects (its `.ProseMirror { position: relative; }…`
# in django_prose_editor/editor.js); tests/core/test_richtext.py checks it against the
# shipped file, so that an update of django-prose-editor cannot silently break the editor.
EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"
URL_SCHEMES = frozenset({"https", "http", "mailto", "tel"})
LINK_REL = "noopener"
# Browsers drop these inside a URL before reading it ("java\tscript:" is "javascript:").
_URL_IGNORED = re.compile(r"[\t\n\r]")
_EMPTY = re.compile(r"^(\s|<p>\s*(<br>)?\s*</p>)*$")


def safe_href(value):
    """A link address editors may use, or None: one of URL_SCHEMES or a path on this site.
    "//host/" and "/\\host/" leave the site (browsers read both as another host)."""
    url = _URL_IGNORED.sub("", value).strip()
    if url.startswith("/"):
        return None if url[1:2] in {"/", "\\"} else url
    scheme, colon, _rest = url.partition(":")
    return url if colon and scheme.lower() in URL_SCHEMES else None


def _attribute_filter(tag, attribute, value):
    if tag == "a" and attribute == "href":
        return safe_href(value)
    return value.strip() or None  # the editor's link dialog leaves an empty title


@dataclass(frozen=True)
class RichText:
    """One kind of rich text: which headings and which blocks it may hold."""

    headings: tuple = ()  # heading levels, e.g. (2, 3, 4)
    blocks: bool = True  # lists and block quotes

    @property
    def tags(self):
        tags = {"p", "br", "strong", "em", "a"} | {f"h{level}" for level in self.headings}
        if self.blocks:
            tags |= {"ul", "ol", "li", "blockquote"}
        return frozenset(tags)

    @property
    def extensions(self):
        """The editor's configuration (django-prose-editor): exactly these tags."""
        extensions = {
            "Bold": True,
            "Italic": True,
            "HardBreak": True,
            # Links open where they are (no "new window"), to the allowed addresses only.
            "Link": {"enableTarget": False, "protocols": sorted(URL_SCHEMES)},
        }
        if self.headings:
            extensions["Heading"] = {"levels": list(self.headings)}
        if self.blocks:
            extensions |= {
                "BulletList": True,
                # Numbered from 1, always: no list type or start number to store.
                "OrderedList": {"enableListAttributes": False},
                "ListItem": True,
                "Blockquote": True,
            }
        return extensions

    @cached_property
    def cleaner(self):
        return nh3.Cleaner(
            tags=set(self.tags),
            clean_content_tags={"script", "style"},
            attributes={"a": {"href", "title"}},
            attribute_filter=_attribute_filter,
            url_schemes=set(URL_SCHEMES),
            link_rel=LINK_REL,
            strip_comments=True,
        )

    def clean(self, html):
        """`html` reduced to what this kind allows; "" when nothing is left to read (the
        editor sends an empty paragraph for an empty field)."""
        cleaned = self.cleaner.clean(html or "")
        return "" if _EMPTY.match(cleaned) else cleaned


# Page bodies: the page's title is the h1, so sections start at h2.
BODY = RichText(headings=(2, 3, 4))
# Texts inside a section that already has an h2 (the partner page's "Bericht").
SECTION = RichText(headings=(3, 4))
# A lead of two or three sentences: emphasis and links only.
INLINE = RichText(blocks=False)


def rewrite(model, fields, convert):
    """Data migrations: every row's text ``fields`` through ``convert`` (e.g. plain text to
    rich text), with update(), so that a change of format leaves "geändert" dates as they are."""
    for pk, *values in model.objects.values_list("pk", *fields):
        model.objects.filter(pk=pk).update(
            **{field: convert(value) for field, value in zip(fields, values, strict=True)}
        )


class RichTextWidget(AdminProseEditorWidget):
    """The admin's editor, with its labels in the interface language (the translations
    django-prose-editor ships, and German names for its toolbar buttons)."""

    @property
    def media(self):
        return super().media + forms.Media(
            js=[reverse_lazy("richtext-jsi18n"), "js/prose-editor-labels.js"]
        )


class RichTextField(ProseEditorField):
    """A text column for rich text of one `RichText` kind (default: BODY)."""

    def __init__(self, *args, kind=BODY, **kwargs):
        self.kind = kind
        kwargs["extensions"] = kind.extensions
        kwargs["sanitize"] = kind.clean
        super().__init__(*args, **kwargs)

    def clean(self, value, instance):
        # Cleaned first, so that a required field holding only what is dropped is empty.
        return super(ProseEditorField, self).clean(self.kind.clean(value), instance)

    def pre_save(self, model_instance, add):
        value = self.kind.clean(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_db_prep_save(self, value, connection):
        # Also raw saves (loaddata) and QuerySet.update(), which skip pre_save().
        if isinstance(value, str):
            value = self.kind.clean(value)
        elif isinstance(value, Value) and isinstance(value.value, str):
            value = Value(self.kind.clean(value.value))
        elif isinstance(value, Expression):
            raise TypeError("Rich text takes text, not a database expression.")
        return super().get_db_prep_save(value, connection)

    def formfield(self, **kwargs):
        # The admin asks for its plain textarea; the editor takes its place.
        return super().formfield(**{**kwargs, "widget": RichTextWidget})


class RichTextAdmin:
    """For ModelAdmins with rich text: the editor's change form, under the strict
    Content-Security-Policy with two additions for this response only.

    - The editor loads its modules through an import map, which exists only as an inline
      script: it carries this request's nonce, and script-src allows that nonce.
    - Tiptap (inside the editor) adds its fixed base stylesheet as a <style> element:
      style-src allows exactly that text, by its hash (EDITOR_STYLE_HASH).
    """

    def render_change_form(self, request, context, *args, **kwargs):
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        response = super().render_change_form(request, context, *args, **kwargs)
        response._csp_update = {"script-src": [NONCE], "style-src": [EDITOR_STYLE_HASH]}
        return response
