"""The yearly summary at /bilanz/<year>/: generated from the partners and press items of the
year, with the editors' introduction; years without anything have no page."""

import datetime

import pytest
from django.utils import timezone

from pages.models import YearReview
from press.models import PressRelease


@pytest.fixture
def release(db):
    def make(dated_at, **fields):
        number = PressRelease.objects.count() + 1
        return PressRelease.objects.create(
            title=fields.pop("title", f"Mitteilung {number}"),
            slug=f"mitteilung-{number}",
            dated_at=dated_at,
            body="Text.",
            is_published=fields.pop("is_published", True),
            **fields,
        )

    return make


def moment(year, month=6, day=15):
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


def test_a_year_shows_its_new_partners_and_press_items_only(client, make_partner, release):
    make_partner(name="Stadt Neuzugang", signed_on=datetime.date(2014, 3, 1))
    make_partner(name="Stadt Vorjahr", signed_on=datetime.date(2013, 3, 1))
    make_partner(name="Stadt Entwurf", signed_on=datetime.date(2014, 4, 1), is_published=False)
    release(moment(2014), title="Neue Partner in Dortmund")
    release(moment(2015), title="Ein anderes Jahr")
    release(moment(2014, 8), title="Noch nicht freigegeben", is_published=False)
    html = client.get("/bilanz/2014/").content.decode()
    assert "<h1>Bilanz 2014</h1>" in html
    assert "Stadt Neuzugang" in html
    assert "1 neuer Partner" in html
    assert "Neue Partner in Dortmund" in html
    assert "1 Presseeintrag" in html
    for absent in ("Stadt Vorjahr", "Stadt Entwurf", "Ein anderes Jahr", "Noch nicht freigegeben"):
        assert absent not in html


def test_the_editors_introduction_opens_the_page(client, make_partner):
    make_partner(signed_on=datetime.date(2012, 3, 26))
    YearReview.objects.create(
        year=2012, introduction="Das Jahr des Aufbruchs.\n\nZweiter Absatz <b>fett</b>."
    )
    html = client.get("/bilanz/2012/").content.decode()
    assert '<p class="lead">Das Jahr des Aufbruchs.</p>' in html
    assert "<p>Zweiter Absatz &lt;b&gt;fett&lt;/b&gt;.</p>" in html


def test_previous_and_next_link_to_the_nearest_years_with_data(client, make_partner, release):
    make_partner(signed_on=datetime.date(2012, 3, 26))
    make_partner(signed_on=datetime.date(2015, 3, 26))
    release(moment(2017))
    html = client.get("/bilanz/2015/").content.decode()
    assert 'href="/bilanz/2012/" rel="prev"' in html
    assert 'href="/bilanz/2017/" rel="next"' in html
    oldest = client.get("/bilanz/2012/").content.decode()
    assert 'rel="prev"' not in oldest


def test_bilanz_redirects_to_the_latest_year_with_data(client, make_partner, release):
    make_partner(signed_on=datetime.date(2015, 3, 26))
    release(moment(2016))
    release(moment(2019), is_published=False)
    response = client.get("/bilanz/")
    assert response.status_code == 302
    assert response["Location"] == "/bilanz/2016/"


@pytest.mark.parametrize(
    "path", ["/bilanz/2013/", "/bilanz/0/", "/bilanz/99999/", "/bilanz/20x5/"]
)
def test_a_year_without_data_or_no_year_is_not_found(client, make_partner, path):
    make_partner(signed_on=datetime.date(2015, 3, 26))
    response = client.get(path)
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_without_any_data_bilanz_is_not_found(client, db):
    assert client.get("/bilanz/").status_code == 404


def test_a_year_with_only_an_introduction_has_a_page(client, db):
    YearReview.objects.create(year=2020, introduction="Vorschau.")
    html = client.get("/bilanz/2020/").content.decode()
    assert "Im Jahr 2020 hat kein neuer Partner unterzeichnet." in html


def test_the_years_appear_in_the_sitemap(client, make_partner):
    make_partner(signed_on=datetime.date(2012, 3, 26))
    make_partner(signed_on=datetime.date(2015, 3, 26))
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/bilanz/2012/" in xml
    assert "http://testserver/bilanz/2015/" in xml
    assert "http://testserver/partner/karte/" in xml


def test_an_editor_writes_the_introduction_in_the_admin(admin_client, make_partner):
    make_partner(signed_on=datetime.date(2013, 5, 1))
    response = admin_client.post(
        "/admin/pages/yearreview/add/", {"year": "2013", "introduction": "Ein gutes Jahr."}
    )
    assert response.status_code == 302
    assert (
        '<p class="lead">Ein gutes Jahr.</p>' in admin_client.get("/bilanz/2013/").content.decode()
    )
    again = admin_client.post(
        "/admin/pages/yearreview/add/", {"year": "2013", "introduction": "x"}
    )
    already = "Jahresbilanz mit diesem Wert für das Feld Jahr existiert bereits."
    assert already in again.content.decode()
    assert YearReview.objects.get().introduction == "Ein gutes Jahr."
