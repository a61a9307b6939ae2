import datetime
import re

import pytest
from django.urls import reverse

from partners.models import Category, DatePrecision, Partner


def test_home_shows_count_and_newest_partners(client, make_partner):
    make_partner(name="Kreis Lippe", signed_on=datetime.date(2012, 8, 15))
    make_partner(name="Landessportbund NRW", signed_on=datetime.date(2015, 5, 28))
    make_partner(name="Entwurf", is_published=False)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<strong class="display-6">2</strong> Partner' in html
    assert html.index("Landessportbund NRW") < html.index("Kreis Lippe")
    assert "Entwurf" not in html


def test_directory_lists_published_partners_newest_first(client, make_partner):
    make_partner(name="Bezirksregierung Arnsberg", signed_on=datetime.date(2012, 3, 26))
    make_partner(
        name="Stadt Jülich",
        signed_on=datetime.date(2016, 1, 1),
        signed_on_precision=DatePrecision.YEAR,
    )
    make_partner(name="Entwurf", is_published=False)
    response = client.get(reverse("partners:list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Stadt Jülich") < html.index("Bezirksregierung Arnsberg")
    assert '<time datetime="2016">2016</time>' in html
    assert '<time datetime="2012-03-26">26. März 2012</time>' in html
    assert "Entwurf" not in html
    assert "2 Partner gefunden" in html


def test_directory_search_and_filters_combine_in_the_query_string(client, make_partner):
    other_category = Category.objects.create(name="Polizei", slug="polizei")
    make_partner(name="Polizei Dortmund", category=other_category, region="arnsberg")
    make_partner(name="Stadt Dortmund", region="arnsberg")
    make_partner(name="Stadt Köln", region="koeln")
    response = client.get(
        reverse("partners:list"), {"q": "Dortmund", "category": "kommune", "region": "arnsberg"}
    )
    html = response.content.decode()
    assert "1 Partner gefunden" in html
    assert "Stadt Dortmund" in html
    assert "Polizei Dortmund" not in html
    assert 'value="Dortmund"' in html
    assert '<option value="arnsberg" selected>' in html


def test_directory_filters_by_year(client, make_partner):
    make_partner(name="Kreis Soest", signed_on=datetime.date(2012, 11, 14))
    make_partner(name="Stadt Solingen", signed_on=datetime.date(2013, 11, 18))
    html = client.get(reverse("partners:list"), {"year": "2013"}).content.decode()
    assert "Stadt Solingen" in html
    assert "Kreis Soest" not in html


def test_empty_result_is_helpful(client, make_partner):
    make_partner()
    response = client.get(reverse("partners:list"), {"q": "gibtesnicht"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "0 Partner gefunden" in html
    assert "keine Partner gefunden" in html
    assert "Alle Filter zurücksetzen" in html


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999999999999999999"},
        {"year": "20x5"},
        {"year": "1800"},
        {"category": "gibt-es-nicht"},
        {"region": "bayern"},
        {"q": "x" * 5000},
        {"q": "%00'\"<script>"},
        {"q": "\x00"},
        {"category": ["kommune", "kreis"], "year": ""},
    ],
)
def test_garbage_in_the_query_string_never_gives_a_500(client, make_partner, query):
    make_partner()
    response = client.get(reverse("partners:list"), query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>", 1)[1]


def test_unknown_filter_value_is_reported_and_ignored(client, make_partner):
    make_partner(name="Stadt Gelsenkirchen", region="muenster")
    html = client.get(
        reverse("partners:list"), {"category": "gibt-es-nicht", "region": "muenster"}
    ).content.decode()
    assert "Diese Kategorie gibt es nicht." in html
    assert "Stadt Gelsenkirchen" in html


def test_pagination_keeps_filters_and_shows_twenty_a_page(client, make_partner):
    for _ in range(25):
        make_partner(region="koeln")
    response = client.get(reverse("partners:list"), {"region": "koeln"})
    assert len(response.context["partner_list"]) == 20
    assert 'href="?region=koeln&amp;page=2"' in response.content.decode()
    second = client.get(reverse("partners:list"), {"region": "koeln", "page": "2"})
    assert len(second.context["partner_list"]) == 5
    beyond = client.get(reverse("partners:list"), {"region": "koeln", "page": "7"})
    assert beyond.context["page_obj"].number == 2


def test_detail_shows_everything_about_the_signing(client, make_partner):
    partner = make_partner(
        name="Landessportbund NRW",
        signing_place="Dortmund",
        signing_occasion="Festakt",
        commitment="Sport als Motor der Integration.",
    )
    partner.quotes.update(speaker_name="Thorsten Klute", speaker_role="Staatssekretär")
    partner.links.create(label="Pressemeldung des MAIS", url="", kind="ministry_press")
    response = client.get(partner.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Landessportbund NRW</h1>" in html
    assert "28. Mai 2015" in html
    assert "Unterzeichnet von" in html
    assert "für das Land Nordrhein-Westfalen" in html
    assert "Staatssekretär Thorsten Klute" in html
    assert "<blockquote" in html and "<cite>Thorsten Klute</cite>" in html
    assert "Sport als Motor der Integration." in html
    assert "Pressemeldung des MAIS" in html
    assert "keine Adresse hinterlegt" in html


def test_unknown_and_unpublished_partners_give_the_portals_404(client, make_partner):
    draft = make_partner(is_published=False)
    for url in [draft.get_absolute_url(), reverse("partners:detail", args=["gibt-es-nicht"])]:
        response = client.get(url)
        assert response.status_code == 404
        assert "Seite nicht gefunden" in response.content.decode()


def test_pagination_stays_short_however_many_pages(client, category):
    Partner.objects.bulk_create(
        Partner(name=f"Partner {number:03d}", slug=f"p-{number}", is_published=True)
        for number in range(20 * 30)
    )
    html = client.get(reverse("partners:list"), {"page": "15"}).content.decode()
    links = re.findall(r'class="page-link" href="\?page=(\d+)"', html)
    assert links[0] == "14"  # "Vorherige Seite"
    assert {"1", "13", "14", "16", "17", "30"} <= set(links)
    assert "5" not in links and "25" not in links
    assert html.count("…") == 2
    assert len(links) <= 10


def test_rich_text_from_the_editor_keeps_its_structure_on_the_page(client, make_partner):
    partner = make_partner(
        summary="<p>Erster Absatz.</p><h3>Ablauf</h3><p>Zweiter <strong>Absatz</strong>.</p>",
        commitment="<ul><li><p>Erste Zusage</p></li><li><p>Zweite Zusage</p></li></ul>",
    )
    html = client.get(partner.get_absolute_url()).content.decode()
    assert (
        '<div class="rich-text" lang="de"><p>Erster Absatz.</p><h3>Ablauf</h3>'
        "<p>Zweiter <strong>Absatz</strong>.</p></div>"
    ) in html
    assert (
        '<div class="rich-text" lang="de"><ul><li><p>Erste Zusage</p></li>'
        "<li><p>Zweite Zusage</p></li></ul></div>"
    ) in html
