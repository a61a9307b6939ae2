"""Rich text stays clean: one allow-list (core.richtext) for the editor and the server,
applied however a value is written."""

import base64
import hashlib
import re
from pathlib import Path

import django_prose_editor
import pytest
from django.core.management import call_command
from django_prose_editor.config import allowlist_from_extensions

from core.richtext import BODY, EDITOR_STYLE_HASH, INLINE, SECTION, safe_href
from pages.models import Page
from partners.models import Partner

HOSTILE = [
    ("<script>alert(1)</script><p>Text</p>", "<p>Text</p>"),
    ('<p onclick="alert(1)">Text</p>', "<p>Text</p>"),
    ('<p style="color:red">Text</p>', "<p>Text</p>"),
    ('<p class="lead" id="x">Text</p>', "<p>Text</p>"),
    ('<iframe src="https://example.org/"></iframe><p>Text</p>', "<p>Text</p>"),
    ("<style>p{}</style><p>Text</p>", "<p>Text</p>"),
    ('<a href="javascript:alert(1)">Link</a>', '<a rel="noopener">Link</a>'),
    ('<a href="java\tscript:alert(1)">Link</a>', '<a rel="noopener">Link</a>'),
    ('<a href=" JavaScript:alert(1)">Link</a>', '<a rel="noopener">Link</a>'),
    ('<a href="data:text/html,<b>x</b>">Link</a>', '<a rel="noopener">Link</a>'),
    ('<a href="//evil.example/">Link</a>', '<a rel="noopener">Link</a>'),
    ('<a href="/\\evil.example/">Link</a>', '<a rel="noopener">Link</a>'),
    ('<a href="kontakt/">Link</a>', '<a rel="noopener">Link</a>'),
    ('<a href="https://x.example/" target="_blank" rel="opener">Link</a>',
     '<a href="https://x.example/" rel="noopener">Link</a>'),
    ('<img src="x" onerror="alert(1)"><p>Text</p>', "<p>Text</p>"),
    ("<h1>Titel</h1><h5>Klein</h5>", "TitelKlein"),
    ("<table><tr><td>Zelle</td></tr></table>", "Zelle"),
    ("<p><span>Ge</span><u>strichen</u><!-- x --></p>", "<p>Gestrichen</p>"),
    ("<p></p>", ""),
    ("<p><br></p>", ""),
]  # fmt: skip


@pytest.mark.parametrize(("html", "clean"), HOSTILE)
def test_the_server_drops_what_the_editor_cannot_write(html, clean):
    assert BODY.clean(html) == clean


@pytest.mark.parametrize(
    "html",
    [
        "<h2>Ablauf</h2><h3>Teil</h3><h4>Punkt</h4>",
        "<p>Ein <strong>fetter</strong> und <em>kursiver</em> Text,<br>neue Zeile.</p>",
        "<ul><li><p>Eins</p></li></ul><ol><li><p>Zwei</p></li></ol>",
        "<blockquote><p>Zitat</p></blockquote>",
        '<p><a href="https://www.mais.nrw/" rel="noopener">Web</a> '
        '<a href="http://example.org/" rel="noopener">alt</a> '
        '<a href="mailto:poststelle@mais.nrw.de" rel="noopener">Post</a> '
        '<a href="tel:+492118555" rel="noopener">Tel.</a> '
        '<a href="/kontakt/?thema=1#form" title="Kontakt" rel="noopener">intern</a></p>',
        "<p>Zeichen: &lt;b&gt; &amp; &gt;</p>",
    ],
)
def test_what_the_editor_writes_stays_as_it_is(html):
    assert BODY.clean(html) == html


def test_heading_levels_and_blocks_fit_where_the_text_stands():
    assert SECTION.clean("<h2>Zu hoch</h2><h3>Passt</h3>") == "Zu hoch<h3>Passt</h3>"
    assert INLINE.clean("<h2>Nein</h2><ul><li>Liste</li></ul><p><em>Ja</em></p>") == (
        "NeinListe<p><em>Ja</em></p>"
    )


@pytest.mark.parametrize("kind", [BODY, SECTION, INLINE], ids=["body", "section", "inline"])
def test_the_editor_offers_exactly_what_the_server_keeps(kind):
    """django-prose-editor's own reading of our editor configuration names the same tags."""
    assert allowlist_from_extensions(kind.extensions)["tags"] == kind.tags


@pytest.mark.parametrize(
    ("href", "kept"),
    [
        ("https://example.org/", True),
        ("mailto:a@example.org", True),
        ("TEL:+49211", True),
        ("/partner/", True),
        ("ftp://example.org/", False),
        ("//example.org/", False),
        ("/\t/example.org/", False),
        ("#anker", False),
        ("vbscript:x", False),
    ],
)
def test_link_addresses(href, kept):
    assert (safe_href(href) is not None) is kept


def test_the_csp_hash_matches_the_stylesheet_the_editor_injects():
    """Tiptap's base stylesheet (a template literal in the shipped editor.js) is allowed
    by its hash; a new django-prose-editor with another stylesheet fails here first."""
    static = Path(django_prose_editor.__file__).parent / "static" / "django_prose_editor"
    source = (static / "editor.js").read_text(encoding="utf-8")
    [css] = re.findall(r"`(\.ProseMirror \{\n  position: relative;[^`]*)`", source)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert EDITOR_STYLE_HASH == f"'sha256-{digest}'"


def test_every_way_of_writing_goes_through_the_allow_list(db, make_partner, tmp_path):
    hostile = '<p onclick="x()">Bericht<script>alert(1)</script></p>'
    # The shell: save().
    partner = make_partner(summary=hostile)
    assert partner.summary == "<p>Bericht</p>"
    partner.refresh_from_db()
    assert partner.summary == "<p>Bericht</p>"
    # QuerySet.update() skips save().
    Partner.objects.filter(pk=partner.pk).update(commitment=hostile)
    partner.refresh_from_db()
    assert partner.commitment == "<p>Bericht</p>"
    # Fixtures are saved raw (no save(), no pre_save()).
    fixture = tmp_path / "seite.json"
    fixture.write_text(
        '[{"model": "pages.page", "pk": 99, "fields": {"slug": "probe", "title": "Probe",'
        ' "updated_at": "2026-01-01T00:00:00Z",'
        ' "content": "<h1>T</h1><p style=\\"x\\">Inhalt</p><iframe></iframe>"}}]',
        encoding="utf-8",
    )
    call_command("loaddata", str(fixture), verbosity=0)
    assert Page.objects.get(pk=99).content == "T<p>Inhalt</p>"
