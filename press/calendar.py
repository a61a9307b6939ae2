"""iCalendar (RFC 5545) output for event notices, built with the `icalendar` package.

Times carry TZID=Europe/Berlin with a matching VTIMEZONE; the UID is the notice's stored
UUID, so a calendar program recognises the same event in every download and updates it
(SEQUENCE grows with each saved change); a cancelled notice is STATUS:CANCELLED.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar, Event

from core.text import plain_text

from .models import BERLIN

PRODID = "-//Vielfalt verbindet//Terminhinweise//DE"


def _description(notice, url):
    parts = []
    if notice.status_label:
        parts.append(notice.status_message())
    parts.extend(text for text in (plain_text(notice.body), plain_text(notice.programme)) if text)
    if notice.organiser:
        parts.append(gettext("Veranstalter: %(name)s") % {"name": notice.organiser})
    contact = ", ".join(
        part
        for part in (
            notice.contact_name,
            notice.contact_role,
            notice.contact_phone,
            notice.contact_email,
        )
        if part
    )
    if contact:
        parts.append(gettext("Pressekontakt: %(contact)s") % {"contact": contact})
    parts.append(url)
    return "\n\n".join(parts)


def notice_event(notice, absolute_uri):
    """The VEVENT for one notice; `absolute_uri` turns a path into a full URL."""
    url = absolute_uri(notice.get_absolute_url())
    event = Event()
    event.add("uid", str(notice.uid))
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("created", notice.created_at.astimezone(datetime.UTC))
    event.add("last-modified", notice.updated_at.astimezone(datetime.UTC))
    event.add("sequence", notice.sequence)
    event.add("summary", notice.status_title)
    event.add("dtstart", notice.start.astimezone(BERLIN))
    if notice.end:
        event.add("dtend", notice.end.astimezone(BERLIN))
    event.add("location", notice.location_display)
    event.add("description", _description(notice, url))
    event.add("url", url)
    event.add("status", "CANCELLED" if notice.is_cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def _calendar(notices, absolute_uri, name):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    years = []
    for notice in notices:
        calendar.add_component(notice_event(notice, absolute_uri))
        years.append(notice.start.astimezone(BERLIN).year)
        if notice.end:
            years.append(notice.end.astimezone(BERLIN).year)
    if years:
        # A VTIMEZONE for Europe/Berlin covering the years the events fall in.
        calendar.add_missing_timezones(
            first_date=datetime.date(min(years) - 1, 1, 1),
            last_date=datetime.date(max(years) + 1, 12, 31),
        )
    return calendar.to_ical()


def notice_calendar(notice, absolute_uri):
    return _calendar([notice], absolute_uri, notice.title)


def notices_calendar(notices, absolute_uri):
    return _calendar(notices, absolute_uri, gettext("Terminhinweise – Vielfalt verbindet!"))
