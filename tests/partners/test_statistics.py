"""The statistics page /partner/statistik/: SVG charts and tables from the same aggregates."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from partners.charts import VALUE_ROOM, Bar, BarChart
from partners.models import Category, DatePrecision, Partner

URL = reverse("partners:statistics")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def initiative(make_partner, category):
    """Seven published partners in three years (one only known by its year, two without
    a date) and two categories, plus a draft that must not be counted."""
    police = Category.objects.create(name="Polizei", slug="polizei", order=5)
    make_partner(signed_on=datetime.date(2012, 3, 26), region="arnsberg")
    make_partner(signed_on=datetime.date(2012, 11, 14), region="arnsberg", category=police)
    make_partner(signed_on=datetime.date(2015, 5, 28), region="koeln")
    make_partner(signed_on=datetime.date(2015, 5, 27), region="koeln", category=police)
    make_partner(
        signed_on=datetime.date(2016, 1, 1), signed_on_precision=DatePrecision.YEAR, region=""
    )
    make_partner(signed_on=None, signed_on_precision=DatePrecision.UNKNOWN, region="koeln")
    make_partner(signed_on=None, signed_on_precision=DatePrecision.UNKNOWN, category=police)
    make_partner(signed_on=datetime.date(2013, 1, 1), is_published=False, category=police)
    return police


def charts(html):
    """{svg title: [(label, value)]} read from the inline SVGs."""
    found = {}
    for markup in re.findall(r"<svg .*?</svg>", html, flags=re.S):
        svg = ET.fromstring(markup)
        labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "chart-label"]
        values = [int(t.text) for t in svg.iter(f"{SVG}text") if t.get("class") == "chart-value"]
        found[svg.find(f"{SVG}title").text] = list(zip(labels, values, strict=True))
    return found


def tables(html):
    """{caption: [(row header, number)]} read from the data tables."""
    found = {}
    for caption, body in re.findall(
        r"<caption>(.*?)</caption>.*?<tbody>(.*?)</tbody>", html, flags=re.S
    ):
        rows = re.findall(
            r'<th scope="row">(?:<a href="[^"]*">)?([^<]+)(?:</a>)?</th>'
            r'<td class="text-end">(\d+)</td>',
            body,
        )
        found[caption] = [(label, int(value)) for label, value in rows]
    return found


def test_aggregates_count_published_partners_with_unknown_dates_apart(initiative):
    published = Partner.objects.published()
    assert published.count_by_year() == [(2012, 2), (2015, 2), (2016, 1), (None, 2)]
    assert published.count_by_category() == [("kommune", "Kommune", 4), ("polizei", "Polizei", 3)]
    assert published.count_by_region() == [("arnsberg", 3), ("koeln", 3), ("", 1)]


def test_a_joint_signing_counts_under_each_of_its_categories(client, make_partner, category):
    police = Category.objects.create(name="Polizei", slug="polizei", order=50)
    make_partner(categories=[category, police], region="mehrere")
    make_partner()
    published = Partner.objects.published()
    assert published.count_by_category() == [("kommune", "Kommune", 2), ("polizei", "Polizei", 1)]
    assert published.count_by_region() == [("arnsberg", 1), ("mehrere", 1)]
    html = client.get(URL).content.decode()
    assert charts(html)["Partner nach Kategorie"] == [("Kommune", 2), ("Polizei", 1)]
    assert "2 Partner haben die Vereinbarung" in html
    assert "zählt der Eintrag in jeder ihrer Kategorien" in html


def test_page_shows_the_same_numbers_in_the_charts_and_the_tables(client, initiative):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    by_year = [("2012", 2), ("2015", 2), ("2016", 1), ("Datum unbekannt", 2)]
    by_category = [("Kommune", 4), ("Polizei", 3)]
    by_region = [("Arnsberg", 3), ("Köln", 3), ("ohne Angabe", 1)]

    # The measures' charts follow (tests/measures); here only the partners'.
    partner_charts = {k: v for k, v in charts(html).items() if k.startswith("Partner")}
    partner_tables = {k: v for k, v in tables(html).items() if k.startswith("Partner")}
    assert partner_charts == {
        "Partner nach Jahr der Unterzeichnung": by_year,
        "Partner nach Kategorie": by_category,
        "Partner nach Regierungsbezirk": by_region,
    }
    assert partner_tables == {
        "Partner nach Jahr der Unterzeichnung: die Zahlen zum Diagramm": by_year,
        "Partner nach Kategorie: die Zahlen zum Diagramm": by_category,
        "Partner nach Regierungsbezirk: die Zahlen zum Diagramm": by_region,
    }
    assert "7 Partner haben die Vereinbarung" in html
    assert html.count('<tr><th scope="row">Zusammen</th><td class="text-end">7</td></tr>') == 3


def test_charts_are_accessible_images_without_inline_styles(client, initiative):
    html = client.get(URL).content.decode()
    svgs = re.findall(r"<svg .*?</svg>", html, flags=re.S)
    assert len(svgs) == 3  # the measures' charts are drawn only when there are measures
    for markup in svgs:
        svg = ET.fromstring(markup)
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert svg.get("aria-labelledby") == title.get("id")
        assert svg.get("aria-describedby") == desc.get("id")
        assert desc.text.startswith("Balkendiagramm.")
        # The numbers are written as text, not only shown as bar lengths or colours.
        assert len(list(svg.iter(f"{SVG}rect"))) == len(
            [t for t in svg.iter(f"{SVG}text") if t.get("class") == "chart-value"]
        )
    year_desc = ET.fromstring(svgs[0]).find(f"{SVG}desc").text
    assert "2012: 2 Partner" in year_desc and "Datum unbekannt: 2 Partner" in year_desc
    assert "style=" not in html and "<style" not in html
    assert all(" src=" in tag for tag in re.findall(r"<script[^>]*>", html))
    assert '<th scope="col">Jahr</th>' in html


def test_table_rows_link_to_the_filtered_directory(client, initiative):
    html = client.get(URL).content.decode()
    assert '<a href="/partner/?year=2012">2012</a>' in html
    assert '<a href="/partner/?category=polizei">Polizei</a>' in html
    assert '<a href="/partner/?region=koeln">Köln</a>' in html
    assert '<th scope="row">Datum unbekannt</th>' in html


def test_bar_lengths_follow_the_numbers():
    chart = BarChart("c", "Titel", "Jahr", [Bar("a", 10), Bar("b", 5), Bar("c", 1)])
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == chart.width - VALUE_ROOM
    assert widths[1] == widths[0] // 2
    assert widths[2] >= 2
    assert [bar.bar_y for bar in chart.bars] == sorted({bar.bar_y for bar in chart.bars})
    assert chart.height > chart.bars[-1].bar_y + chart.bar_height
    assert chart.total == 16


def test_empty_initiative_still_renders(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Noch keine Daten." in response.content.decode()


def test_statistics_are_linked_from_the_directory_and_the_footer(client, make_partner):
    make_partner()
    for url in (reverse("partners:list"), reverse("home")):
        html = client.get(url).content.decode()
        assert f'<a href="{URL}">' in html
    footer = client.get(reverse("home")).content.decode().split("<footer", 1)[1]
    assert f'<a href="{URL}">Statistik</a>' in footer
