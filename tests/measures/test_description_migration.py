"""The description's move to rich text keeps every character: plain text becomes the same
paragraphs in HTML (core.text.html_from_text, as the partners' proposals are converted),
and back; the test fixture holds what the migration makes of its text."""

import json
from pathlib import Path

import pytest

from core.text import html_from_text, plain_text
from tests.core.test_richtext_migrations import HTML, TEXT
from tests.migrating import migrate, migrate_to_latest

BEFORE = [
    ("partners", "0013_state_from_is_published"),
    ("measures", "0005_reporting_link_revoked_at_and_call"),
]
AFTER = [("measures", "0006_description_as_rich_text")]
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "measures_example.json"


@pytest.fixture
def old_apps(transactional_db):
    yield migrate(BEFORE)
    migrate_to_latest()


def test_plain_text_becomes_paragraphs_and_back(old_apps):
    partner = old_apps.get_model("partners", "Partner").objects.create(
        name="Stadt", slug="stadt", is_published=True, state="published"
    )
    field = old_apps.get_model("measures", "FieldOfAction").objects.create(
        name="Handlungsfeld des Tests", slug="handlungsfeld-des-tests"
    )
    measure = old_apps.get_model("measures", "Measure").objects.create(
        partner=partner, title="T", slug="t", description=TEXT, field_of_action=field
    )
    updated_at = measure.updated_at

    Measure = migrate(AFTER).get_model("measures", "Measure")
    measure = Measure.objects.get(pk=measure.pk)
    assert measure.description == HTML
    assert measure.updated_at == updated_at  # a change of format, not an edit

    Measure = migrate(BEFORE).get_model("measures", "Measure")
    assert Measure.objects.get(pk=measure.pk).description == TEXT.replace("\r\n", "\n")


def test_the_fixture_holds_what_the_migration_makes_of_its_text():
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    descriptions = [
        row["fields"]["description"] for row in rows if row["model"] == "measures.measure"
    ]
    assert descriptions
    for html in descriptions:
        assert html.startswith("<p>") and html == html_from_text(plain_text(html))
