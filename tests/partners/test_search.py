"""One partner search: the directory (/partner/?q=) and the site search (/suche/) find the
same partners for the same words, once each, however many related rows match."""

import pytest
from django.db import connection
from django.urls import reverse

from partners.models import Category, Partner


def directory_hits(client, query):
    response = client.get(reverse("partners:list"), {"q": query})
    assert response.status_code == 200
    return [partner.slug for partner in response.context["page_obj"]]


def site_search_hits(client, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    groups = {str(group["title"]): group["results"] for group in response.context["groups"]}
    return [partner.slug for partner in groups.get("Partner", [])]


@pytest.fixture
def partners(make_partner):
    quoted = make_partner(name="Stadt Gelsenkirchen", slug="gelsenkirchen")
    quoted.quotes.create(text="Wir leben Willkommenskultur.", speaker_name="Frank Baranowski")
    quoted.quotes.create(text="Willkommenskultur ist Arbeit.", speaker_name="Karin Welge")
    reported = make_partner(
        name="Jobcenter Duisburg",
        slug="jobcenter-duisburg",
        summary="Erster Absatz.\r\n\r\nDie Vereinbarung stärkt die Ausbildungsbereitschaft.",
        commitment="Mehrsprachige Beratung.",
    )
    sport = make_partner(
        name="Landessportbund NRW",
        slug="landessportbund",
        category=Category.objects.create(name="Sportverband", slug="sport"),
        signing_occasion="Festakt im Schneeloch",
    )
    sport.signatories.create(name="Walter Schneeloch", role="Präsident", side="partner")
    make_partner(name="Stadt Beispiel", slug="beispiel")
    return quoted, reported, sport


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("Willkommenskultur", "gelsenkirchen"),  # only in two of the partner's quotes
        ("Welge", "gelsenkirchen"),  # only a quote's speaker
        ("Ausbildungsbereitschaft", "jobcenter-duisburg"),  # only in the summary
        ("Mehrsprachige", "jobcenter-duisburg"),  # only in the commitment
        ("Sportverband", "landessportbund"),  # only the category's name
        ("Präsident", "landessportbund"),  # only a signatory's role
        ("Sportverband Schneeloch", "landessportbund"),  # every word, in different places
        ("willkommens", "gelsenkirchen"),  # part of a word
    ],
)
def test_directory_and_site_search_find_the_same_partner_once(client, partners, query, slug):
    assert directory_hits(client, query) == [slug]
    assert site_search_hits(client, query) == [slug]


def test_unpublished_partners_are_found_by_neither(client, partners):
    Partner.objects.filter(slug="gelsenkirchen").unpublish()
    assert directory_hits(client, "Willkommenskultur") == []
    assert site_search_hits(client, "Willkommenskultur") == []


def test_a_search_narrows_the_directory_filters_and_the_export_alike(client, partners):
    query = {"q": "Schneeloch", "category": "sport"}
    assert [p.slug for p in client.get(reverse("partners:list"), query).context["page_obj"]] == [
        "landessportbund"
    ]
    export = client.get(reverse("partners:export_json"), query).json()
    assert [row["slug"] for row in export["partners"]] == ["landessportbund"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="German stemming needs PostgreSQL full-text search"
)
def test_postgresql_finds_inflected_forms_in_related_rows(client, partners):
    # "Willkommenskulturen" is not a substring of "Willkommenskultur": only stemming finds it.
    assert directory_hits(client, "Willkommenskulturen") == ["gelsenkirchen"]
    assert site_search_hits(client, "Willkommenskulturen") == ["gelsenkirchen"]


def test_every_word_must_occur(client, partners):
    # Each word occurs in some partner, but no partner has both.
    assert directory_hits(client, "Willkommenskultur Schneeloch") == []
    assert site_search_hits(client, "Willkommenskultur Schneeloch") == []


def test_rich_text_is_searched_as_text_not_as_markup(client, make_partner):
    make_partner(
        name="Stadt Fett",
        slug="fett",
        summary='<p><strong>Sprachkurse</strong> &amp; <a href="/kontakt/">Beratung</a></p>',
    )
    for markup in ["strong", "href", "kontakt", "noopener", "amp"]:
        assert directory_hits(client, markup) == [], markup
        assert site_search_hits(client, markup) == [], markup
    assert directory_hits(client, "Sprachkurse & Beratung") == ["fett"]
    assert site_search_hits(client, "Sprachkurse") == ["fett"]
