"""The Atom feed of new partners, /partner/feed/."""

import calendar
import datetime
import zoneinfo

import feedparser
import pytest
from django.urls import reverse

from partners.feeds import NewPartnersFeed
from partners.models import DatePrecision, Partner

URL = reverse("partners:feed")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def parse(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def entered(partner, when):
    Partner.objects.filter(pk=partner.pk).update(created_at=when)


def test_feed_is_valid_atom_and_lists_only_published_partners(client, make_partner):
    make_partner(name="Stadt Solingen")
    make_partner(name="Entwurf", is_published=False)
    feed = parse(client)
    assert feed.version == "atom10"
    assert feed.feed.title == "Vielfalt verbindet! – Neue Partner"
    assert feed.feed.link == "http://testserver/partner/"
    assert feed.feed.language == "de"
    assert "Ministerium für Arbeit, Integration und Soziales" in feed.feed.author
    assert [entry.title for entry in feed.entries] == ["Stadt Solingen"]
    entry = feed.entries[0]
    assert entry.link.startswith("http://testserver/partner/stadt-beispiel-")
    assert [tag.term for tag in entry.tags] == ["Kommune"]


def test_latest_entries_come_first_then_the_newest_signing(client, make_partner):
    initial_import = datetime.datetime(2020, 1, 1, 12, tzinfo=datetime.UTC)
    for partner in [
        make_partner(name="Alt", signed_on=datetime.date(2012, 3, 26)),
        make_partner(name="Ohne Datum", signed_on=None, signed_on_precision="unknown"),
        make_partner(name="Neuer", signed_on=datetime.date(2015, 5, 28)),
    ]:
        entered(partner, initial_import)
    # Entered later, date not known: it must still surface at the top of the feed.
    fresh = make_partner(name="Frisch aufgenommen", signed_on=None, signed_on_precision="unknown")
    entered(fresh, initial_import + datetime.timedelta(days=30))
    titles = [entry.title for entry in parse(client).entries]
    assert titles == ["Frisch aufgenommen", "Neuer", "Alt", "Ohne Datum"]


def test_entry_dates_are_the_signing_day_only_when_known_to_the_day(client, make_partner):
    when_entered = datetime.datetime(2020, 6, 1, 10, tzinfo=datetime.UTC)
    exact = make_partner(
        name="Genau", signed_on=datetime.date(2015, 5, 28), signing_place="Dortmund"
    )
    month = make_partner(
        name="Monat", signed_on=datetime.date(2015, 11, 1), signed_on_precision=DatePrecision.MONTH
    )
    year = make_partner(
        name="Jahr",
        signed_on=datetime.date(2016, 1, 1),
        signed_on_precision=DatePrecision.YEAR,
        signing_occasion="Interkulturelle Woche 2016",
    )
    unknown = make_partner(name="Unbekannt", signed_on=None, signed_on_precision="unknown")
    for partner in (exact, month, year, unknown):
        entered(partner, when_entered)
    entries = {entry.title: entry for entry in parse(client).entries}

    def published(title):
        return datetime.datetime.fromtimestamp(
            calendar.timegm(entries[title].published_parsed), datetime.UTC
        )

    assert published("Genau") == datetime.datetime(2015, 5, 28, tzinfo=BERLIN)
    assert "Unterzeichnet am 28. Mai 2015 in Dortmund." in entries["Genau"].summary
    assert "aufgenommen" not in entries["Genau"].summary

    for title in ("Monat", "Jahr", "Unbekannt"):
        assert published(title) == when_entered
        assert "In das Verzeichnis aufgenommen am 1. Juni 2020." in entries[title].summary
    assert "Unterzeichnet im November 2015." in entries["Monat"].summary
    assert "Unterzeichnet 2016 (Interkulturelle Woche 2016)." in entries["Jahr"].summary
    assert "Datum der Unterzeichnung nicht bekannt." in entries["Unbekannt"].summary


def test_entry_summary_carries_the_first_paragraph_of_the_report_as_text(client, make_partner):
    make_partner(
        summary="<p>Erster &lt;Absatz&gt; <strong>fett</strong>.</p><p>Zweiter Absatz.</p>"
    )
    entry = parse(client).entries[0]
    assert "<p>Erster &lt;Absatz&gt; fett.</p>" in entry.summary
    assert "strong" not in entry.summary
    assert "Zweiter Absatz" not in entry.summary


def test_feed_is_limited_to_the_latest_entries(client, make_partner):
    for _ in range(NewPartnersFeed.item_count + 2):
        make_partner()
    assert len(parse(client).entries) == NewPartnersFeed.item_count


def test_directory_advertises_the_feed(client, make_partner):
    make_partner()
    html = client.get(reverse("partners:list")).content.decode()
    head = html.split("</head>", 1)[0]
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        f'title="Neue Partner (Atom-Feed)" href="{URL}">'
    ) in head
    assert f'href="{URL}"' in html.split("</head>", 1)[1]


@pytest.mark.parametrize("query", [{"page": "x"}, {"q": "\x00"}, {"format": "rss"}])
def test_query_strings_do_not_break_the_feed(client, make_partner, query):
    make_partner()
    assert client.get(URL, query).status_code == 200


def test_query_count_does_not_grow_with_the_number_of_partners(
    client, make_partner, django_assert_num_queries
):
    for count in (3, 57):
        for _ in range(count):
            make_partner()
        with django_assert_num_queries(1):
            assert client.get(URL).status_code == 200
