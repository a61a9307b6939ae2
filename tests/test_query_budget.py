"""Every kind of public page costs a fixed number of SQL queries, however much there is.

The budget (at most six per page) and its exact figures, per page kind of
tests/public_pages.py, with the seed content and with much more of everything those pages
list, so that a query per row (N+1) shows as a changed count. Steady state, as on a running
server: each page is asked once first, so that remembered values (core.cache.remember) and
the letterhead are warm.
"""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from contact.models import Document
from measures.models import FieldOfAction, Measure
from partners.models import Category, Link, Partner, Photo, Quote, Signatory
from press.models import EventNotice, PressRelease
from tests.helpers import pdf_upload
from tests.public_pages import PUBLIC_PAGES

BUDGET = 6
# Page kind (tests/public_pages.py) -> SQL queries of a steady-state request.
QUERIES = {
    "startseite": 2,
    "verzeichnis": 3,
    "verzeichnis-seite-2": 3,
    "verzeichnis-suche": 3,
    "verzeichnis-gefiltert": 3,
    "verzeichnis-leer": 2,
    "verzeichnis-filterfehler": 4,
    "partner": 6,
    "partner-landesweit": 6,
    "nicht-gefunden": 1,
    "partner-nicht-gefunden": 1,
    "redaktion-anmeldung": 0,
    "statistik": 4,
    "offene-daten": 1,
    "karte": 2,
    "bilanz": 5,
    "bilanz-nicht-gefunden": 0,
    "presse": 2,
    "presse-archiv-2017": 2,
    "presse-filterfehler": 2,
    "termine": 3,
    "terminhinweis": 2,
    "presse-nicht-gefunden": 1,
    "partner-werden": 1,
    "partner-werden-fehler": 1,
    "partner-werden-danke": 0,
    "kontakt": 0,
    "kontakt-fehler": 0,
    "kontakt-danke": 0,
    "datenschutz": 1,
    "impressum": 1,
    "barrierefreiheit": 1,
    "leichte-sprache": 1,
    "suche": 3,
    "suche-leer": 3,
    "englisch-startseite": 2,
    "englisch-verzeichnis": 3,
    "englisch-partner": 6,
    "englisch-kontakt": 0,
    "massnahmen": 4,
    "massnahmen-gefiltert": 5,
    "massnahmen-leer": 3,
    "massnahme": 2,
    "massnahmen-offene-daten": 1,
    "berichtslink-unbekannt": 1,
    "berichten": 4,
    "berichten-fehler": 4,
}
DETAIL_PARTNERS = ["jobcenter-und-polizeipraesidium-dortmund", "landessportbund-nrw"]


def tiny_jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def grow():
    """Much more of every row the public pages list or show per item."""
    categories = list(Category.objects.all())
    for number in range(30):
        partner = Partner.objects.create(
            name=f"Zusatzpartner {number}",
            slug=f"zusatzpartner-{number}",
            city="Dortmund",
            region="arnsberg",
            signed_on=datetime.date(2015, 5, 28),
            is_published=True,
        )
        # Joint signings: two categories each.
        partner.categories.set(
            [categories[number % len(categories)], categories[(number + 1) % len(categories)]]
        )
        Signatory.objects.create(partner=partner, name=f"Person {number}", side="partner")
        Quote.objects.create(partner=partner, text="Vielfalt.", speaker_name=f"Person {number}")
        Link.objects.create(partner=partner, label="Website", url="https://example.org/")
    now = timezone.now()
    for slug in DETAIL_PARTNERS:
        partner = Partner.objects.get(slug=slug)
        for number in range(4):
            Signatory.objects.create(partner=partner, name=f"Mehr {number}", side="partner")
            Quote.objects.create(partner=partner, text="Mehr Vielfalt.", speaker_name="Klute")
            Link.objects.create(
                partner=partner, label=f"Link {number}", url="https://example.org/"
            )
            Photo.objects.create(
                partner=partner,
                image=ContentFile(tiny_jpeg(), name="foto.jpg"),
                alt_text="Foto",
                credit="MAIS",
            )
    partners = list(Partner.objects.filter(slug__in=DETAIL_PARTNERS))
    for number in range(12):
        release = PressRelease.objects.create(
            title=f"Mitteilung {number}",
            slug=f"mitteilung-{number}",
            teaser="Vorspann.",
            body="Erster Absatz.\n\nZweiter Absatz.",
            dated_at=now - datetime.timedelta(days=number + 1),
            is_published=True,
        )
        release.partners.set(partners)
        release.attachments.create(title="PDF", file=pdf_upload("anhang.pdf"))
        notice = EventNotice.objects.create(
            title=f"Termin {number}",
            slug=f"termin-{number}",
            body="Sie sind eingeladen.",
            dated_at=now - datetime.timedelta(days=number + 1),
            start=now + datetime.timedelta(days=(-1) ** number * (number + 1)),
            venue_name="Europazentrum NRW",
            venue_city="Dortmund",
            is_published=True,
        )
        notice.partners.set(partners)
    fields = list(FieldOfAction.objects.all())
    for number in range(25):
        measure = Measure.objects.create(
            partner=partners[number % len(partners)],
            title=f"Maßnahme {number}",
            slug=f"massnahme-{number}",
            description="Beschreibung.",
            field_of_action=fields[number % len(fields)],
            status=["geplant", "laufend", "abgeschlossen"][number % 3],
            starts_on=datetime.date(2015 + number % 8, 1, 1),
            starts_on_precision="year",
            is_published=True,
        )
        for figure in range(3):
            measure.figures.create(label=f"Kennzahl {figure}", value=figure)
    for number in range(5):
        Document.objects.create(title=f"Flyer {number}", file=pdf_upload(), description="Kurz.")


def fetch(client, page):
    if page.form:
        return client.post(page.path, page.form, follow=True)
    return client.get(page.path, follow=True)


@pytest.mark.parametrize("size", ["seed", "grown"])
def test_every_page_kind_costs_its_fixed_number_of_queries(
    seed, settings, tmp_path, django_assert_num_queries, size
):
    settings.MEDIA_ROOT = tmp_path
    settings.FORM_RATE_LIMIT = 100
    if size == "grown":
        grow()
    for page in PUBLIC_PAGES:
        client = Client()
        assert fetch(client, page).status_code == page.status, page.name
        with django_assert_num_queries(QUERIES[page.name], info=page.name):
            assert fetch(client, page).status_code == page.status


def test_every_page_kind_is_counted_and_within_the_budget():
    assert set(QUERIES) == {page.name for page in PUBLIC_PAGES}
    assert max(QUERIES.values()) <= BUDGET
