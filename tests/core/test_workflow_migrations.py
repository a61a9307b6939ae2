"""Moving to the workflow keeps every row's visibility."""

import datetime

import pytest
from django.utils import timezone

from tests.migrating import migrate, migrate_to_latest

BEFORE = [
    ("partners", "0011_summary_commitment_as_rich_text"),
    ("press", "0004_texts_as_rich_text"),
    ("pages", "0004_year_review"),
]
AFTER = [
    ("partners", "0013_state_from_is_published"),
    ("press", "0006_state_from_is_published"),
    ("pages", "0006_state_from_is_published"),
]


@pytest.fixture
def old_apps(transactional_db):
    yield migrate(BEFORE)
    migrate_to_latest()


def test_published_rows_become_published_or_scheduled_the_others_drafts(old_apps):
    Partner = old_apps.get_model("partners", "Partner")
    Page = old_apps.get_model("pages", "Page")
    PressRelease = old_apps.get_model("press", "PressRelease")
    Partner.objects.create(name="Live", slug="live", is_published=True)
    Partner.objects.create(name="Entwurf", slug="entwurf", is_published=False)
    Page.objects.create(slug="impressum", title="Impressum", content="x", is_published=True)
    Page.objects.create(slug="neu", title="Neu", content="x", is_published=False)
    later = timezone.now() + datetime.timedelta(days=2)
    for slug, published, publish_at in [
        ("live", True, None),
        ("geplant", True, later),
        ("entwurf", False, later),
    ]:
        PressRelease.objects.create(
            kind="release",
            title=slug,
            slug=slug,
            body="Text.",
            teaser="Vorspann.",
            is_published=published,
            publish_at=publish_at,
        )

    new_apps = migrate(AFTER)

    def states(model):
        rows = new_apps.get_model(*model).objects.order_by("slug")
        return {row.slug: (row.state, row.is_published) for row in rows}

    assert states(("partners", "Partner")) == {
        "entwurf": ("draft", False),
        "live": ("published", True),
    }
    assert states(("pages", "Page")) == {
        "impressum": ("published", True),
        "neu": ("draft", False),
    }
    assert states(("press", "PressItem")) == {
        "entwurf": ("draft", False),
        "geplant": ("scheduled", True),
        "live": ("published", True),
    }
