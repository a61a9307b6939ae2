"""The move to several categories, the list order and who signed keep every row and fact."""

import datetime

import pytest

from tests.migrating import migrate, migrate_to_latest

BEFORE = [("partners", "0006_photo_image_checked_and_cleaned")]
AFTER = [("partners", "0010_signatory_role_in_signing")]


@pytest.fixture
def old_apps(transactional_db):
    yield migrate(BEFORE)
    migrate_to_latest()


def test_every_partner_keeps_its_category_and_signatories_stay_signatories(old_apps):
    Category = old_apps.get_model("partners", "Category")
    Partner = old_apps.get_model("partners", "Partner")
    Signatory = old_apps.get_model("partners", "Signatory")
    kommune = Category.objects.create(name="Kommune", slug="kommune", order=10)
    polizei = Category.objects.create(name="Polizei", slug="polizei", order=50)
    stadt = Partner.objects.create(
        name="Stadt", slug="stadt", category=kommune, signed_on=datetime.date(2013, 3, 13)
    )
    wache = Partner.objects.create(name="Wache", slug="wache", category=polizei)
    Signatory.objects.create(partner=stadt, name="Frank Baranowski", side="partner")

    new_apps = migrate(AFTER)

    Partner = new_apps.get_model("partners", "Partner")
    Signatory = new_apps.get_model("partners", "Signatory")
    assert Partner.objects.count() == 2
    assert list(Partner.objects.get(pk=stadt.pk).categories.values_list("slug", flat=True)) == [
        "kommune"
    ]
    assert list(Partner.objects.get(pk=wache.pk).categories.values_list("slug", flat=True)) == [
        "polizei"
    ]
    assert Partner.objects.get(pk=stadt.pk).sort_date == datetime.date(2013, 3, 13)
    assert Partner.objects.get(pk=wache.pk).sort_date is None
    assert Signatory.objects.get().role_in_signing == "signed"

    Partner.objects.get(pk=stadt.pk).categories.add(polizei.pk)
    old = migrate(BEFORE)
    Partner = old.get_model("partners", "Partner")
    assert Partner.objects.get(pk=stadt.pk).category_id == kommune.pk  # the first, by order
    assert Partner.objects.get(pk=wache.pk).category_id == polizei.pk
