"""The move to rich text keeps every fact: plain text becomes the same paragraphs in HTML,
page HTML stays, and the seed fixtures hold what the migrations make of their text."""

import json
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.richtext import BODY
from core.text import html_from_text, plain_text
from tests.migrating import migrate

BEFORE = [
    ("partners", "0010_signatory_role_in_signing"),
    ("press", "0003_press_image_renditions_and_checked_files"),
    ("pages", "0002_page_slug_help_text"),
]
AFTER = [
    ("partners", "0011_summary_commitment_as_rich_text"),
    ("press", "0004_texts_as_rich_text"),
    ("pages", "0003_content_as_rich_text"),
]
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
TEXT = "Erster Absatz mit <Klammern> & Zeichen.\r\nZweite Zeile.\r\n\r\nZweiter Absatz."
HTML = (
    "<p>Erster Absatz mit &lt;Klammern&gt; &amp; Zeichen.<br>Zweite Zeile.</p>"
    "<p>Zweiter Absatz.</p>"
)


@pytest.fixture
def old_apps(transactional_db):
    yield migrate(BEFORE)
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_plain_text_becomes_paragraphs_and_page_html_stays(old_apps):
    category = old_apps.get_model("partners", "Category").objects.create(name="K", slug="k")
    partner = old_apps.get_model("partners", "Partner").objects.create(
        name="Kreis", slug="kreis", summary=TEXT, commitment=""
    )
    partner.categories.add(category)
    release = old_apps.get_model("press", "PressRelease").objects.create(
        kind="release", title="T", slug="t", body=TEXT, teaser="Vorspann & mehr."
    )
    notice = old_apps.get_model("press", "EventNotice").objects.create(
        kind="notice",
        title="N",
        slug="n",
        body="Einladung.",
        programme=TEXT,
        start="2026-06-01T10:00:00Z",
        venue_name="Saal",
        venue_city="Dortmund",
    )
    page_html = '<h2>Anbieter</h2>\n<p>Text <a href="/kontakt/">Kontakt</a></p>'
    page = old_apps.get_model("pages", "Page").objects.create(
        slug="impressum", title="Impressum", content=page_html
    )
    updated_at = release.updated_at

    new_apps = migrate(AFTER)

    partner = new_apps.get_model("partners", "Partner").objects.get(pk=partner.pk)
    assert (partner.summary, partner.commitment) == (HTML, "")
    release = new_apps.get_model("press", "PressRelease").objects.get(pk=release.pk)
    assert (release.body, release.teaser) == (HTML, "<p>Vorspann &amp; mehr.</p>")
    assert release.updated_at == updated_at  # a change of format, not an edit
    notice = new_apps.get_model("press", "EventNotice").objects.get(pk=notice.pk)
    assert (notice.body, notice.programme) == ("<p>Einladung.</p>", HTML)
    page = new_apps.get_model("pages", "Page").objects.get(pk=page.pk)
    assert page.content == page_html.replace('">Kontakt', '" rel="noopener">Kontakt')

    old_apps = migrate(BEFORE)
    partner = old_apps.get_model("partners", "Partner").objects.get(pk=partner.pk)
    assert partner.summary == TEXT.replace("\r\n", "\n")


@pytest.mark.parametrize(
    ("fixture", "fields"),
    [
        ("partners", {"partners.partner": ["summary", "commitment"]}),
        ("press", {"press.pressitem": ["body"], "press.eventnotice": ["programme"]}),
    ],
)
def test_the_fixtures_hold_what_the_migration_makes_of_their_text(fixture, fields):
    rows = json.loads((FIXTURES / f"{fixture}.json").read_text(encoding="utf-8"))
    checked = 0
    for row in rows:
        for field in fields.get(row["model"], []):
            html = row["fields"][field]
            assert html == html_from_text(plain_text(html)), (row["pk"], field)
            checked += bool(html)
    assert checked > 0


def test_the_page_fixture_is_already_clean():
    rows = json.loads((FIXTURES / "pages.json").read_text(encoding="utf-8"))
    for row in rows:
        assert BODY.clean(row["fields"]["content"]) == row["fields"]["content"]
