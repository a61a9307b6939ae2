import datetime
import itertools

import pytest
from django.utils import timezone

from press.models import BERLIN, EventNotice, Letterhead, PressRelease

_numbers = itertools.count(1)


def berlin_time(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


@pytest.fixture
def make_release(db):
    """Create a published, due press release."""

    def make(**fields):
        number = next(_numbers)
        fields.setdefault("title", f"Pressemitteilung Nummer {number}")
        fields.setdefault("slug", f"pressemitteilung-{number}")
        fields.setdefault("teaser", f"<p>Vorspann der Mitteilung {number}.</p>")
        fields.setdefault("body", "<p>Erster Absatz.</p><p>Zweiter Absatz.</p>")
        fields.setdefault("dated_at", timezone.now() - datetime.timedelta(days=number))
        fields.setdefault("is_published", True)
        partners = fields.pop("partners", [])
        release = PressRelease.objects.create(**fields)
        release.partners.set(partners)
        return release

    return make


@pytest.fixture
def make_notice(db):
    """Create a published, due event notice for a day in the future."""

    def make(**fields):
        number = next(_numbers)
        fields.setdefault("title", f"Terminhinweis Nummer {number}")
        fields.setdefault("slug", f"terminhinweis-{number}")
        fields.setdefault("body", "<p>Zur Berichterstattung sind Sie herzlich eingeladen!</p>")
        fields.setdefault("dated_at", timezone.now() - datetime.timedelta(days=number))
        fields.setdefault("start", timezone.now() + datetime.timedelta(days=number))
        fields.setdefault("venue_name", "Europazentrum NRW")
        fields.setdefault("venue_room", "Großer Saal")
        fields.setdefault("venue_street", "Steinstraße 48")
        fields.setdefault("venue_postcode", "44147")
        fields.setdefault("venue_city", "Dortmund")
        fields.setdefault("is_published", True)
        partners = fields.pop("partners", [])
        notice = EventNotice.objects.create(**fields)
        notice.partners.set(partners)
        return notice

    return make


@pytest.fixture
def letterhead(db):
    return Letterhead.objects.create(
        street="Fürstenwall 25",
        postcode="40219",
        city="Düsseldorf",
        postal_postcode="40190",
        postal_city="Düsseldorf",
        phone="0211 855-5",
        fax="0211 855-3683",
        email="poststelle@mais.nrw.de",
        website="https://www.mais.nrw.de",
        public_transport="Rheinbahn Linien 704, 709, Haltestelle Stadttor",
    )
