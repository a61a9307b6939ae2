"""The seed content on the public pages, as the source page "Wir sind Partner" has it:
joint signings under both categories, the ministry's order (undated partners included),
regions only where the source supports them, signatories apart from people present."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.partners.test_fixture import SOURCE_ORDER
from tests.partners.test_statistics import tables

NAMES = {
    "ihk-nrw": "IHK NRW",
    "arbeiter-samariter-bund-regionalverband-ruhr": (
        "Arbeiter-Samariter-Bund Regionalverband Ruhr e.V."
    ),
    "stadt-juelich": "Stadt Jülich",
    "bezirksregierung-muenster": "Bezirksregierung Münster",
    "bezirksregierung-duesseldorf": "Bezirksregierung Düsseldorf",
    "landessportbund-nrw": "Landessportbund NRW",
}


@pytest.fixture
def seeded(db):
    call_command("loaddata", "partners", verbosity=0)


def card_slugs(html):
    return re.findall(r'<a href="/partner/([^/"]+)/" class="stretched-link">', html)


def directory(client, **query):
    response = client.get(reverse("partners:list"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_police_partners_are_found_under_polizei_and_under_their_other_category(client, seeded):
    html = directory(client, category="polizei")
    assert "2 Partner gefunden" in html
    assert set(card_slugs(html)) == {
        "jobcenter-und-polizeipraesidium-dortmund",
        "stadt-und-polizei-gelsenkirchen",
    }
    assert "jobcenter-und-polizeipraesidium-dortmund" in card_slugs(
        directory(client, category="jobcenter")
    )
    assert "stadt-und-polizei-gelsenkirchen" in card_slugs(directory(client, category="kommune"))
    # The card names both categories.
    card = html.split('href="/partner/stadt-und-polizei-gelsenkirchen/"', 1)[1].split("</dl>")[0]
    assert "<dt>Kategorien</dt><dd>Kommune, Polizei</dd>" in card


def test_statistics_count_a_joint_signing_under_each_category(client, seeded):
    html = client.get(reverse("partners:statistics")).content.decode()
    by_category = dict(tables(html)["Partner nach Kategorie: die Zahlen zum Diagramm"])
    assert by_category["Polizei"] == 2
    assert by_category["Jobcenter"] == 3  # Aachen, Duisburg, Dortmund (with the police)
    assert by_category["Kommune"] == 4  # Jülich, Solingen, Duisburg, Gelsenkirchen
    assert sum(by_category.values()) == 25  # 23 partners, two of them in two categories
    assert "23 Partner haben die Vereinbarung" in html


def test_home_page_shows_the_newest_partners_in_the_ministrys_order(client, seeded):
    html = client.get(reverse("home")).content.decode()
    newest = html.split('id="newest-title"', 1)[1]
    assert card_slugs(newest) == SOURCE_ORDER[:6] == list(NAMES)


def test_directory_feed_and_exports_follow_the_ministrys_order(client, seeded):
    first = card_slugs(directory(client))
    second = card_slugs(directory(client, page="2"))
    assert first + second == SOURCE_ORDER

    feed = ET.fromstring(client.get(reverse("partners:feed")).content)
    atom = "{http://www.w3.org/2005/Atom}"
    links = [entry.find(f"{atom}link").get("href") for entry in feed.iter(f"{atom}entry")]
    assert [link.rstrip("/").rsplit("/", 1)[1] for link in links] == SOURCE_ORDER[:20]

    document = client.get(reverse("partners:export_json")).json()
    assert [record["slug"] for record in document["partners"]] == SOURCE_ORDER


def test_an_undated_partner_shows_no_date_where_it_is_listed(client, seeded):
    html = directory(client)
    card = html.split('href="/partner/ihk-nrw/"', 1)[1].split("</article>")[0]
    assert "Datum nicht bekannt" in card
    assert "2016" not in card
    detail = client.get(reverse("partners:detail", args=["bezirksregierung-muenster"]))
    page = detail.content.decode()
    assert "Datum nicht bekannt" in page
    assert "3. November 2015" not in page and "2015-11-03" not in page


def test_regions_several_and_state_wide_are_not_one_district(client, seeded):
    in_koeln = card_slugs(directory(client, region="koeln"))
    assert in_koeln == ["stadt-juelich", "jobcenter-staedteregion-aachen"]
    assert card_slugs(directory(client, region="mehrere")) == ["landschaftsverband-rheinland"]
    assert card_slugs(directory(client, region="landesweit")) == [
        "ihk-nrw",
        "landessportbund-nrw",
        "wdr",
        "landesverband-volkshochschulen-nrw",
        "paritaetischer-nrw",
    ]
    html = client.get(reverse("partners:statistics")).content.decode()
    by_region = dict(tables(html)["Partner nach Regierungsbezirk: die Zahlen zum Diagramm"])
    assert by_region == {
        "Arnsberg": 5,
        "Detmold": 1,
        "Düsseldorf": 5,
        "Köln": 2,
        "Münster": 2,
        "mehrere Regierungsbezirke": 1,
        "landesweit": 5,
        "ohne Angabe": 2,
    }
    lvr = directory(client, region="mehrere")
    assert "<dt>Regierungsbezirk</dt><dd>mehrere Regierungsbezirke</dd>" in lvr


def signing_section(client, slug):
    html = client.get(reverse("partners:detail", args=[slug])).content.decode()
    section = html.split('id="signing-title"', 1)[1].split("</section>", 1)[0]
    return {
        term: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", value)).strip()
        for term, value in re.findall(
            r'<dt class="col-sm-4">([^<]+)</dt>\s*<dd class="col-sm-8[^"]*">(.*?)</dd>',
            section,
            flags=re.S,
        )
    }


def test_detail_page_tells_who_signed_from_who_was_present(client, seeded):
    muenster = signing_section(client, "bezirksregierung-muenster")
    assert muenster["Unterzeichnet von"] == (
        "Regierungspräsident Prof. Dr. Reinhard Klenke (für Bezirksregierung Münster) "
        "Integrationsstaatssekretär Thorsten Klute (für das Land Nordrhein-Westfalen)"
    )
    assert "Dorothee Feller" in muenster["Anwesend"]
    assert "Klenke" not in muenster["Anwesend"]

    juelich = signing_section(client, "stadt-juelich")
    assert juelich["Unterzeichnet von"] == "Die Quelle nennt nicht, wer unterschrieben hat."
    assert juelich["Anwesend"] == (
        "Bürgermeister Fuchs (für Stadt Jülich) "
        "Staatssekretär Dr. Schäffer (für das Land Nordrhein-Westfalen)"
    )

    lsb = signing_section(client, "landessportbund-nrw")
    assert "Walter Schneeloch" in lsb["Unterzeichnet von"]
    assert "Anwesend" not in lsb


def test_the_english_page_says_who_signed_and_who_was_present(client, seeded):
    html = client.get("/en/partner/stadt-juelich/").content.decode()
    assert "Signed by" in html and "The source does not say who signed." in html
    assert "Present" in html and "for the State of North Rhine-Westphalia" in html
