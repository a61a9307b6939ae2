"""Moving the partner links to press releases into the press items' partners keeps every
fact: the partner is named by the press item, a link with an address of its own stays."""

import pytest

from tests.migrating import migrate, migrate_to_latest

BEFORE = [("partners", "0004_partner_indexes"), ("press", "0001_press_items_and_letterhead")]
AFTER = [("partners", "0005_remove_link_press_release")]


@pytest.fixture
def old_apps(transactional_db):
    yield migrate(BEFORE)
    migrate_to_latest()


def test_links_to_press_releases_become_the_press_items_partners(old_apps):
    Category = old_apps.get_model("partners", "Category")
    Partner = old_apps.get_model("partners", "Partner")
    Link = old_apps.get_model("partners", "Link")
    PressRelease = old_apps.get_model("press", "PressRelease")
    category = Category.objects.create(name="Kommune", slug="kommune")
    lippe, soest, hamm = (
        Partner.objects.create(name=name, slug=name.lower(), category=category)
        for name in ("Lippe", "Soest", "Hamm")
    )
    release = PressRelease.objects.create(
        kind="release", title="Drei Kreise", slug="drei-kreise", body="Text.", teaser="Vorspann."
    )
    release.partners.add(hamm)  # named already, and linked as well
    only_release = Link.objects.create(
        partner=lippe, label="Pressemeldung des MAIS", kind="ministry_press", press_release=release
    )
    with_url = Link.objects.create(
        partner=soest,
        label="Pressemeldung des MAIS (Archiv)",
        url="https://www.mais.nrw/archiv/drei-kreise",
        kind="ministry_press",
        press_release=release,
    )
    Link.objects.create(
        partner=hamm, label="Pressemeldung", kind="ministry_press", press_release=release
    )
    website = Link.objects.create(
        partner=hamm, label="Website", url="https://hamm.de", kind="website"
    )

    new_apps = migrate(AFTER)

    PressItem = new_apps.get_model("press", "PressItem")
    Link = new_apps.get_model("partners", "Link")
    assert set(PressItem.objects.get(pk=release.pk).partners.values_list("slug", flat=True)) == {
        "lippe",
        "soest",
        "hamm",
    }
    assert not Link.objects.filter(pk=only_release.pk).exists()
    kept = Link.objects.get(pk=with_url.pk)
    assert (kept.label, kept.url, kept.kind) == (
        "Pressemeldung des MAIS (Archiv)",
        "https://www.mais.nrw/archiv/drei-kreise",
        "ministry_press",
    )
    assert Link.objects.filter(pk=website.pk).exists()
    assert Link.objects.count() == 2
