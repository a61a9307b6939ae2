"""A changed or cancelled event notice is worded alike on every surface that shows it."""

import feedparser
import pytest
from django.urls import reverse
from icalendar import Calendar


@pytest.mark.parametrize(("status", "label"), [("cancelled", "Abgesagt"), ("changed", "Geändert")])
def test_pages_feeds_and_calendars_word_the_status_alike(
    client, make_notice, make_partner, status, label
):
    partner = make_partner()
    notice = make_notice(
        title="Festakt in Dortmund", status=status, status_note="Neuer Saal.", partners=[partner]
    )
    title = f"{label}: Festakt in Dortmund"

    detail = client.get(notice.get_absolute_url()).content.decode()
    assert f"<title>{title} – Terminhinweis – " in detail

    link = (
        f'<a href="{notice.get_absolute_url()}"><span class="visually-hidden">{label}: </span>'
        "Festakt in Dortmund</a>"
    )
    status_line = f'<strong class="notice-status-label">{label}:</strong> Neuer Saal.'
    for url in [reverse("press:list"), reverse("press:notices"), partner.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert link in html, url
        assert status_line in html, url

    for name in ["press:feed", "press:atom"]:
        [entry] = feedparser.parse(client.get(reverse(name)).content).entries
        assert entry.title == f"Terminhinweis: {title}"
        assert f"{label}: Neuer Saal." in entry.summary

    for url in [notice.get_ics_url(), reverse("press:notices_ics")]:
        [event] = Calendar.from_ical(client.get(url).content).walk("VEVENT")
        assert str(event["SUMMARY"]) == title
        assert str(event["DESCRIPTION"]).startswith(f"{label}: Neuer Saal.")


def test_the_status_leads_the_title(make_notice, make_release):
    notice = make_notice(title="Festakt", status="changed", status_note="Neuer Saal.")
    assert notice.status_title == "Geändert: Festakt"
    assert notice.status_message() == "Geändert: Neuer Saal."
    assert notice.status_announcement() == "Dieser Termin hat sich geändert."
    notice.status_note = ""
    assert notice.status_message() == "Geändert"
    for item in [make_notice(title="Festakt"), make_release(title="Festakt")]:
        assert item.status_label == item.status_prefix == ""
        assert item.status_title == "Festakt"
    for item in [make_notice(title="Festakt"), make_release(title="Festakt")]:
        assert item.status_label == item.status_prefix == ""
        assert item.status_title == "Festakt"
