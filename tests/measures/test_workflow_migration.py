"""Moving measures to the workflow keeps every row's visibility."""

import pytest
from django.utils import timezone

from tests.migrating import migrate, migrate_to_latest

# Partners as they are now (with the workflow), measures before it.
BEFORE = [
    ("partners", "0013_state_from_is_published"),
    ("measures", "0002_initial_fields_of_action"),
]
AFTER = [("measures", "0004_state_from_is_published")]


@pytest.fixture
def old_apps(transactional_db):
    yield migrate(BEFORE)
    migrate_to_latest()


def test_published_stay_published_proposals_wait_for_approval_taken_down_are_withdrawn(
    old_apps,
):
    Partner = old_apps.get_model("partners", "Partner")
    Measure = old_apps.get_model("measures", "Measure")
    ReportingLink = old_apps.get_model("measures", "ReportingLink")
    field = old_apps.get_model("measures", "FieldOfAction").objects.create(
        name="Handlungsfeld des Tests", slug="handlungsfeld-des-tests"
    )
    partner = Partner.objects.create(
        name="Stadt", slug="stadt", is_published=True, state="published"
    )
    link = ReportingLink.objects.create(
        partner=partner, token_hash="x" * 64, expires_at=timezone.now()
    )
    once = timezone.now()
    for slug, published, published_at, proposed_via in [
        ("live", True, once, None),
        ("entwurf", False, None, None),
        ("zurueckgenommen", False, once, None),
        ("vorschlag", False, None, link),
        ("vorschlag-frueher-oeffentlich", False, once, link),
    ]:
        Measure.objects.create(
            partner=partner,
            title=slug,
            slug=slug,
            description="Text.",
            field_of_action=field,
            is_published=published,
            published_at=published_at,
            proposed_via=proposed_via,
        )

    rows = migrate(AFTER).get_model("measures", "Measure").objects.order_by("slug")

    assert {row.slug: (row.state, row.is_published) for row in rows} == {
        "entwurf": ("draft", False),
        "live": ("published", True),
        "vorschlag": ("review", False),
        "vorschlag-frueher-oeffentlich": ("withdrawn", False),
        "zurueckgenommen": ("withdrawn", False),
    }
    assert rows.get(slug="vorschlag").submitted_at is not None
