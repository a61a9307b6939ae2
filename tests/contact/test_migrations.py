"""The status page's migration keeps every request and gives each one its own link."""

import datetime

import pytest
from django.utils import timezone

from tests.migrating import migrate, migrate_to_latest

BEFORE = [("contact", "0005_partnerrequest_region_several")]
AFTER = [("contact", "0006_partnerrequest_status_page")]


@pytest.fixture
def old_apps(transactional_db):
    yield migrate(BEFORE)
    migrate_to_latest()


def test_each_request_keeps_its_row_and_gets_a_secret_and_a_timeline(old_apps):
    PartnerRequest = old_apps.get_model("contact", "PartnerRequest")
    arrived = timezone.now() - datetime.timedelta(days=30)
    closed = arrived + datetime.timedelta(days=3)
    common = {
        "city": "Ort",
        "region": "koeln",
        "website": "https://example.org",
        "contact_name": "Person",
        "contact_role": "Leitung",
        "email": "person@example.org",
        "measures": "M",
        "message": "N",
        "created_at": arrived,
    }
    new = PartnerRequest.objects.create(organisation="Neu", status="new", **common)
    accepted = PartnerRequest.objects.create(
        organisation="Angenommen", status="accepted", closed_at=closed, **common
    )

    new_apps = migrate(AFTER)

    PartnerRequest = new_apps.get_model("contact", "PartnerRequest")
    StatusChange = new_apps.get_model("contact", "StatusChange")
    assert PartnerRequest.objects.count() == 2
    secrets = set(PartnerRequest.objects.values_list("status_secret", flat=True))
    assert len(secrets) == 2 and all(len(secret) >= 32 for secret in secrets)
    assert list(
        StatusChange.objects.filter(partner_request=new.pk).values_list("status", "changed_at")
    ) == [("new", arrived)]
    assert list(
        StatusChange.objects.filter(partner_request=accepted.pk)
        .order_by("changed_at")
        .values_list("status", "changed_at")
    ) == [("new", arrived), ("accepted", closed)]
