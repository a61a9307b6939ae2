import datetime

import pytest
from django.urls import reverse

from measures.models import FieldOfAction, Measure

pytestmark = pytest.mark.django_db


def _titles(response):
    return [measure.title for measure in response.context["measure_list"]]


def test_the_list_shows_published_measures_of_published_partners_only(
    client, make_measure, make_partner
):
    shown = make_measure(title="Sichtbar")
    make_measure(title="Entwurf", is_published=False)
    make_measure(title="Partner verborgen", partner=make_partner(is_published=False))
    response = client.get(reverse("measures:list"))
    assert response.status_code == 200
    assert _titles(response) == ["Sichtbar"]
    assert shown.get_absolute_url() in response.content.decode()


def test_running_measures_come_first_then_planned_then_completed_newest_start_first(
    client, make_measure
):
    make_measure(title="Abgeschlossen", status="abgeschlossen")
    make_measure(title="Geplant", status="geplant", starts_on=None, starts_on_precision="unknown")
    make_measure(title="Läuft seit 2020", starts_on=datetime.date(2020, 1, 1))
    make_measure(title="Läuft seit 2024", starts_on=datetime.date(2024, 3, 1))
    response = client.get(reverse("measures:list"))
    assert _titles(response) == ["Läuft seit 2024", "Läuft seit 2020", "Geplant", "Abgeschlossen"]


def test_filters_by_field_status_year_category_and_region_in_the_url(
    client, make_measure, make_partner, category
):
    from partners.models import Category

    police = Category.objects.create(name="Polizei", slug="polizei")
    koeln = make_partner(region="koeln", categories=[police])
    make_measure(title="Treffer", partner=koeln, status="abgeschlossen")
    make_measure(title="Anderer Bezirk", status="abgeschlossen")
    make_measure(title="Anderer Stand", partner=koeln)
    make_measure(
        title="Anderes Feld",
        partner=koeln,
        status="abgeschlossen",
        field_of_action=FieldOfAction.objects.get(slug="vernetzung"),
    )
    make_measure(
        title="Anderes Jahr",
        partner=koeln,
        status="abgeschlossen",
        starts_on=datetime.date(2019, 1, 1),
        starts_on_precision="year",
    )
    query = "?field=ausbildung&status=abgeschlossen&year=2024&category=polizei&region=koeln"
    response = client.get(reverse("measures:list") + query)
    assert _titles(response) == ["Treffer"]


def test_search_covers_title_description_and_partner_name(client, make_measure, make_partner):
    make_measure(title="Sprachkurse", description="Deutsch im Beruf")
    make_measure(title="Andere", partner=make_partner(name="Kreis Zeppelinhausen"))
    make_measure(title="Ohne Treffer")
    assert _titles(client.get(reverse("measures:list") + "?q=Beruf")) == ["Sprachkurse"]
    assert _titles(client.get(reverse("measures:list") + "?q=Zeppelinhausen")) == ["Andere"]


def test_an_empty_result_helps_and_bad_filters_are_named(client, make_measure):
    make_measure()
    response = client.get(reverse("measures:list") + "?q=Atlantis&status=vielleicht")
    html = response.content.decode()
    assert response.status_code == 200
    assert "keine Maßnahmen gefunden" in html
    assert "Diesen Stand gibt es nicht." in html
    assert "Alle Maßnahmen anzeigen" in html


def test_detail_page_shows_the_measure_with_figures_period_and_partner(client, make_measure):
    measure = make_measure(
        ends_on=datetime.date(2026, 1, 1), ends_on_precision="year", link="https://example.org/m"
    )
    response = client.get(measure.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert '<time datetime="2024-09">September 2024</time>' in html
    assert '<time datetime="2026">2026</time>' in html
    assert "Auszubildende" in html and "12 Personen" in html
    assert measure.partner.get_absolute_url() in html
    assert 'aria-label="Brotkrümelnavigation"' in html


def test_unpublished_measure_has_no_page(client, make_measure):
    measure = make_measure(is_published=False)
    assert client.get(measure.get_absolute_url()).status_code == 404


def test_partner_page_lists_its_published_measures_with_status(client, make_measure, make_partner):
    partner = make_partner(commitment="Wir bilden interkulturell aus.")
    make_measure(partner=partner, title="Laufende Maßnahme")
    make_measure(partner=partner, title="Fertige Maßnahme", status="abgeschlossen")
    make_measure(partner=partner, title="Entwurf", is_published=False)
    html = client.get(partner.get_absolute_url()).content.decode()
    section = html[html.index('id="measures-title"') :]
    assert section.index("Laufende Maßnahme") < section.index("Fertige Maßnahme")
    assert "abgeschlossen" in section and "laufend" in section
    assert "Entwurf" not in html
    assert html.index("Selbstverpflichtung") < html.index('id="measures-title"')


def test_partner_page_without_measures_says_so(client, make_partner):
    html = client.get(make_partner().get_absolute_url()).content.decode()
    assert "noch keine Maßnahmen veröffentlicht" in html


def test_reserved_slug_is_refused(make_measure):
    from django.core.exceptions import ValidationError

    measure = make_measure()
    measure.slug = "feed"
    with pytest.raises(ValidationError):
        measure.full_clean()


def test_counts_by_region_follow_the_partners_region(make_measure, make_partner):
    make_measure(partner=make_partner(region="koeln"))
    make_measure(partner=make_partner(region="koeln"))
    make_measure(partner=make_partner(region="detmold"))
    make_measure(partner=make_partner(region="koeln"), is_published=False)
    assert Measure.objects.published().counts_by_region() == [("detmold", 1), ("koeln", 2)]
