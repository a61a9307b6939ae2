import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from .conftest import berlin_time


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


@pytest.fixture
def notice(make_notice):
    return make_notice(
        title="Integrationsstaatssekretär Klute spricht über Integration",
        start=datetime.datetime(2017, 3, 31, 12, 0, tzinfo=datetime.UTC),
        organiser="Auslandsgesellschaft Deutschland",
        contact_name="Martina Plum",
        contact_phone="0231/838 00 72",
    )


def test_single_notice_ics_has_local_time_location_and_url(client, notice):
    response = client.get(notice.get_ics_url())
    assert response["Content-Disposition"] == f'attachment; filename="{notice.slug}.ics"'
    calendar = parse(response)
    assert str(calendar["VERSION"]) == "2.0"
    [event] = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute) == (14, 0)
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert start == berlin_time(2017, 3, 31, 14, 0)
    assert "DTEND" not in event  # the source gives no end; none is invented
    assert str(event["LOCATION"]) == (
        "Europazentrum NRW, Großer Saal, Steinstraße 48, 44147 Dortmund"
    )
    assert str(event["URL"]) == "http://testserver" + notice.get_absolute_url()
    description = str(event["DESCRIPTION"])
    assert "Zur Berichterstattung sind Sie herzlich eingeladen!" in description
    assert "Martina Plum" in description and "0231/838 00 72" in description
    assert str(event["STATUS"]) == "CONFIRMED"
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Berlin"
    assert b"\r\n" in response.content


def test_uid_is_stable_between_downloads_and_unique_per_notice(client, notice, make_notice):
    first = parse(client.get(notice.get_ics_url())).walk("VEVENT")[0]
    notice.title = "Neuer Titel"
    notice.save()
    second = parse(client.get(notice.get_ics_url())).walk("VEVENT")[0]
    assert str(first["UID"]) == str(second["UID"]) == str(notice.uid)
    assert int(second["SEQUENCE"]) > int(first["SEQUENCE"])
    other = make_notice()
    assert str(other.uid) != str(notice.uid)


def test_cancelled_notice_is_status_cancelled(client, make_notice):
    notice = make_notice(status="cancelled", status_note="Krankheit.")
    event = parse(client.get(notice.get_ics_url())).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]).startswith("Abgesagt:")
    assert "Abgesagt: Krankheit." in str(event["DESCRIPTION"])


def test_end_time_when_given(client, make_notice):
    notice = make_notice(
        start=berlin_time(2017, 1, 13, 10, 0), end=berlin_time(2017, 1, 13, 12, 30)
    )
    event = parse(client.get(notice.get_ics_url())).walk("VEVENT")[0]
    assert event.decoded("DTEND") == berlin_time(2017, 1, 13, 12, 30)
    assert event["DTEND"].params["TZID"] == "Europe/Berlin"


def test_calendar_of_all_notices_holds_only_due_ones(client, make_notice):
    public = make_notice(title="Öffentlich")
    cancelled = make_notice(title="Abgesagt", status="cancelled", status_note="x")
    make_notice(title="Entwurf", is_published=False)
    make_notice(title="Geplant", publish_at=timezone.now() + datetime.timedelta(days=1))
    response = client.get(reverse("press:notices_ics"))
    assert "Content-Disposition" not in response  # subscribable
    calendar = parse(response)
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert uids == {str(public.uid), str(cancelled.uid)}
    assert len(calendar.walk("VTIMEZONE")) == 1


def test_empty_calendar_is_still_valid(client, db):
    calendar = parse(client.get(reverse("press:notices_ics")))
    assert calendar.walk("VEVENT") == []
