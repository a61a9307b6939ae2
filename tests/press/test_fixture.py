"""The seed fixture `fixtures/press.json` against the source "Terminhinweis" of 30.03.2017."""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from core.text import paragraphs, plain_text
from press.models import Attachment, EventNotice, Letterhead, PressItem, PressRelease

from .conftest import berlin_time

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
FIXTURE_FILE = FIXTURES_DIR / "press.json"
PARTNERS_FILE = FIXTURES_DIR / "partners.json"


@pytest.fixture
def loaded(db):
    if PARTNERS_FILE.exists():
        call_command("loaddata", "partners", verbosity=0)
    call_command("loaddata", "press", verbosity=0)


def counts():
    models = (Letterhead, PressItem, PressRelease, EventNotice, Attachment)
    return {model.__name__: model.objects.count() for model in models}


def test_fixtures_directory_is_configured():
    assert FIXTURES_DIR in [Path(d).resolve() for d in settings.FIXTURE_DIRS]


def test_loading_twice_creates_no_duplicates(loaded):
    first = counts()
    call_command("loaddata", "press", verbosity=0)
    assert (
        counts()
        == first
        == {
            "Letterhead": 1,
            "PressItem": 1,
            "PressRelease": 0,  # the source gives no press release in full: none is invented
            "EventNotice": 1,
            "Attachment": 0,
        }
    )


def test_the_terminhinweis_of_30_march_2017(loaded):
    notice = EventNotice.objects.due().get()
    assert notice.title == (
        "Integrationsstaatssekretär Klute spricht über Integration durch Städtepartnerschaften"
    )
    assert notice.dated_on == datetime.date(2017, 3, 30)
    assert notice.addressee == "An die Damen und Herren von Presse, Hörfunk, Fernsehen und Online"
    assert notice.salutation == "Sehr geehrte Damen und Herren,\nliebe Kolleginnen und Kollegen,"
    assert notice.start == berlin_time(2017, 3, 31, 14, 0)
    assert notice.start == datetime.datetime(2017, 3, 31, 12, 0, tzinfo=datetime.UTC)
    assert notice.end is None
    assert notice.when_display() == "Freitag, 31. März 2017, ab 14:00 Uhr"
    assert notice.location_display == (
        "Europazentrum NRW, Großer Saal, Steinstraße 48, 44147 Dortmund"
    )
    assert notice.organiser == "Auslandsgesellschaft Deutschland"
    assert (notice.contact_name, notice.contact_phone, notice.contact_email) == (
        "Martina Plum",
        "0231/838 00 72",
        "",
    )
    assert notice.contact_role == (
        "Presse- und Öffentlichkeitsarbeit der Auslandsgesellschaft Deutschland"
    )
    assert notice.signature_display == "Yvonne Reißig, Pressereferat"
    assert notice.status == EventNotice.Status.PLANNED
    assert notice.partners.count() == 0
    notice.full_clean()


def test_body_and_programme_are_complete_and_dehyphenated(loaded):
    notice = EventNotice.objects.get()
    [body] = paragraphs(plain_text(notice.body))
    assert notice.body == f"<p>{body}</p>"
    assert body.startswith("die vielen vor Terror, Krieg, Hunger und Naturkatastrophen")
    assert body.endswith("Zur Berichterstattung sind Sie herzlich eingeladen!")
    for word in ("Engagement", "Kulturen", "Integrationsstaatssekretär Thorsten Klute"):
        assert word in body
    [programme] = paragraphs(plain_text(notice.programme))
    assert notice.programme == f"<p>{programme}</p>"
    assert programme.startswith("Der Staatssekretär wird einen kurzen Impuls zur „Zuwanderung")
    assert "Integration durch Städtepartnerschaften und -freundschaften" in programme
    assert "Bedeutung der Migrantenselbstorganisationen“" in programme
    assert programme.endswith("am Podiumsgespräch beteiligen.")
    for broken in ("Enga-", "Kultu-", "Integrations-staats", "In-tegration", "Bedeu-", "\n"):
        assert broken not in body + programme


def test_the_letterhead(loaded):
    letterhead = Letterhead.current()
    assert letterhead.name == (
        "Ministerium für Arbeit, Integration und Soziales des Landes Nordrhein-Westfalen"
    )
    assert (letterhead.street, letterhead.postcode, letterhead.city) == (
        "Fürstenwall 25",
        "40219",
        "Düsseldorf",
    )
    assert (letterhead.postal_postcode, letterhead.postal_city) == ("40190", "Düsseldorf")
    assert (letterhead.phone, letterhead.fax) == ("0211 855-5", "0211 855-3683")
    assert letterhead.email == "poststelle@mais.nrw.de"
    assert letterhead.website_display == "www.mais.nrw.de"
    assert letterhead.public_transport_lines() == [
        "Rheinbahn Linien 704, 709, Haltestelle Stadttor",
        "Rheinbahn Linien 719, 725, Haltestelle Polizeipräsidium",
    ]
    letterhead.full_clean()


def test_seeded_notice_is_on_the_pages_and_in_the_calendar(client, loaded):
    notice = EventNotice.objects.get()
    html = client.get(notice.get_absolute_url()).content.decode()
    assert "Freitag, 31. März 2017, ab 14:00 Uhr" in html
    assert "gez. Yvonne Reißig" in html
    assert "Fürstenwall 25" in html
    assert notice.title in client.get(reverse("press:notices")).content.decode()
    calendar = Calendar.from_ical(client.get(notice.get_ics_url()).content)
    [event] = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == berlin_time(2017, 3, 31, 14, 0)
    assert str(event["UID"]) == "6d1f8a52-9c3e-4b7d-8e21-5a0c3f7b9d14"


def test_fixture_file_is_pretty_printed_with_fixed_keys():
    text = FIXTURE_FILE.read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    assert all(isinstance(obj["pk"], int) for obj in data)
