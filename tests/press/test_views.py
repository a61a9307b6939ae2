import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from press.models import EventNotice, Letterhead

from .conftest import berlin_time


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_press_list_merges_both_kinds_newest_first(client, make_release, make_notice):
    make_release(title="Älteste Mitteilung", dated_at=berlin_time(2015, 5, 28, 12))
    make_notice(title="Mittlerer Termin", dated_at=berlin_time(2016, 3, 1, 9))
    make_release(title="Neueste Mitteilung", dated_at=berlin_time(2017, 4, 2, 10))
    make_release(title="Entwurf", is_published=False)
    html = html_of(client.get(reverse("press:list")))
    positions = [html.index(t) for t in ("Neueste", "Mittlerer", "Älteste Mitteilung")]
    assert positions == sorted(positions)
    assert "Entwurf" not in html
    assert "3 Einträge" in html
    assert 'type="application/rss+xml"' in html and 'href="/presse/feed/"' in html


def test_press_list_filters_by_type_and_year(client, make_release, make_notice):
    make_release(title="Mitteilung 2015", dated_at=berlin_time(2015, 5, 28, 12))
    make_release(title="Mitteilung 2017", dated_at=berlin_time(2017, 1, 5, 12))
    make_notice(title="Termin 2017", dated_at=berlin_time(2017, 3, 30, 0))
    response = client.get(reverse("press:list"), {"type": "terminhinweise"})
    assert [item.title for item in response.context["press_items"]] == ["Termin 2017"]
    assert '<option value="terminhinweise" selected>' in html_of(response)
    html = html_of(client.get(reverse("press:list"), {"year": "2017"}))
    assert "Mitteilung 2017" in html and "Termin 2017" in html and "Mitteilung 2015" not in html
    assert '<option value="2015">2015</option>' in html
    assert '<option value="2017" selected>2017</option>' in html
    html = html_of(
        client.get(reverse("press:list"), {"type": "pressemitteilungen", "year": "2017"})
    )
    assert "1 Eintrag" in html and "Mitteilung 2017" in html


def test_press_list_paginates_over_both_kinds(client, make_release, make_notice):
    for day in range(1, 13):
        make_release(title=f"Mitteilung vom {day:02}.", dated_at=berlin_time(2016, 1, day, 12))
        make_notice(title=f"Termin vom {day:02}.", dated_at=berlin_time(2016, 1, day, 9))
    first = client.get(reverse("press:list"), {"year": "2016"})
    titles = [item.title for item in first.context["press_items"]]
    assert len(titles) == 20
    assert titles[:3] == ["Mitteilung vom 12.", "Termin vom 12.", "Mitteilung vom 11."]
    assert 'href="?year=2016&amp;page=2"' in first.content.decode()
    second = client.get(reverse("press:list"), {"year": "2016", "page": "2"})
    rest = [item.title for item in second.context["press_items"]]
    assert rest == ["Mitteilung vom 02.", "Termin vom 02.", "Mitteilung vom 01.", "Termin vom 01."]


@pytest.mark.parametrize(
    "query",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999999999999999999"},
        {"year": "20x7"},
        {"year": "1800"},
        {"year": "99999999999999999999999"},
        {"type": "gibt-es-nicht"},
        {"type": ["terminhinweise", "pressemitteilungen"]},
        {"type": "%00'\"<script>"},
        {"year": "\x00"},
        {"q": "x" * 5000},
    ],
)
def test_garbage_in_the_query_string_never_gives_a_500(client, make_release, make_notice, query):
    make_release()
    make_notice()
    for name in ("press:list", "press:notices"):
        html = html_of(client.get(reverse(name), query))
        assert "<script>" not in html.split("</header>", 1)[1]


def test_unknown_filter_value_is_reported_and_the_other_filter_still_applies(
    client, make_release, make_notice
):
    make_release(title="Die Mitteilung")
    make_notice(title="Der Termin")
    html = html_of(client.get(reverse("press:list"), {"type": "terminhinweise", "year": "1800"}))
    assert "Für dieses Jahr gibt es keine Einträge." in html
    assert "Der Termin" in html and "Die Mitteilung" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/presse/mitteilungen/gibt-es-nicht/",
        "/presse/termine/gibt-es-nicht/",
        "/presse/termine/gibt-es-nicht.ics",
        "/presse/vorschau/termine/999/",
    ],
)
def test_unknown_slugs_give_the_portals_404(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_drafts_scheduled_items_and_wrong_kinds_are_404(client, make_release, make_notice):
    draft = make_release(is_published=False)
    scheduled = make_notice(publish_at=timezone.now() + datetime.timedelta(days=1))
    notice = make_notice()
    for url in [
        draft.get_absolute_url(),
        scheduled.get_absolute_url(),
        scheduled.get_ics_url(),
        f"/presse/mitteilungen/{notice.slug}/",
    ]:
        assert client.get(url).status_code == 404, url


def test_release_detail(client, make_release, make_partner, letterhead):
    partner = make_partner(name="Landessportbund NRW")
    hidden_partner = make_partner(name="Unveröffentlichter Partner", is_published=False)
    release = make_release(
        title="Landessportbund wird Partner",
        teaser="Der LSB unterzeichnet die Vereinbarung.",
        body='<p>Erster Absatz.</p><p>Zweiter <a href="/partner/">Absatz</a>.</p>',
        dated_at=berlin_time(2015, 5, 28, 15, 30),
        contact_name="Pressereferat",
        contact_phone="0211 855-5",
        contact_email="presse@example.org",
        partners=[partner, hidden_partner],
    )
    html = html_of(client.get(release.get_absolute_url()))
    assert "<h1>Landessportbund wird Partner</h1>" in html
    assert '<time datetime="2015-05-28T15:30:00+02:00">28. Mai 2015, 15:30 Uhr</time>' in html
    assert (
        '<div class="press-body rich-text mb-4" lang="de"><p>Erster Absatz.</p>'
        '<p>Zweiter <a href="/partner/" rel="noopener">Absatz</a>.</p></div>'
    ) in html
    assert f'href="{partner.get_absolute_url()}"' in html
    assert "Unveröffentlichter Partner" not in html
    assert 'href="tel:+492118555"' in html and 'href="mailto:presse@example.org"' in html
    assert "Fürstenwall 25" in html
    data = json_ld(html)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Landessportbund wird Partner"
    assert data["datePublished"] == "2015-05-28T13:30:00Z"
    assert data["url"] == "http://testserver" + release.get_absolute_url()


def test_notice_detail_shows_time_place_contact_and_calendar_link(
    client, make_notice, make_partner, letterhead
):
    partner = make_partner(name="Stadt Dortmund")
    notice = make_notice(
        title="Klute spricht",
        start=berlin_time(2017, 3, 31, 14, 0),
        organiser="Auslandsgesellschaft Deutschland",
        contact_name="Martina Plum",
        contact_phone="0231/838 00 72",
        signature_name="Yvonne Reißig",
        signature_unit="Pressereferat",
        partners=[partner],
    )
    html = html_of(client.get(notice.get_absolute_url()))
    assert "Freitag, 31. März 2017, ab 14:00 Uhr" in html
    assert '<time datetime="2017-03-31T14:00:00+02:00">' in html
    assert "Europazentrum NRW<br>Großer Saal<br>Steinstraße 48<br>44147 Dortmund" in html
    assert "An die Damen und Herren von Presse, Hörfunk, Fernsehen und Online" in html
    assert "Martina Plum" in html and 'href="tel:+492318380072"' in html
    assert "gez. Yvonne Reißig<br>Pressereferat" in html
    assert f'href="{notice.get_ics_url()}"' in html and "In den Kalender" in html
    assert "Stadt Dortmund" in html
    assert letterhead.sender_line in html
    data = json_ld(html)
    assert data["@type"] == "Event"
    assert data["startDate"] == "2017-03-31T14:00:00+02:00"
    assert data["location"]["address"]["postalCode"] == "44147"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"


@pytest.mark.parametrize(
    ("status", "headline", "schema"),
    [
        ("cancelled", "Dieser Termin ist abgesagt.", "EventCancelled"),
        ("changed", "Dieser Termin hat sich geändert.", "EventScheduled"),
    ],
)
def test_changed_or_cancelled_notice_says_so_on_every_page_that_lists_it(
    client, make_notice, make_partner, status, headline, schema
):
    partner = make_partner()
    label = "Abgesagt" if status == "cancelled" else "Geändert"
    notice = make_notice(status=status, status_note="Neuer Grund: Krankheit.", partners=[partner])
    detail = html_of(client.get(notice.get_absolute_url()))
    assert headline in detail and "Neuer Grund: Krankheit." in detail
    assert json_ld(detail)["eventStatus"] == f"https://schema.org/{schema}"
    for url in [reverse("press:list"), reverse("press:notices"), partner.get_absolute_url()]:
        html = html_of(client.get(url))
        assert f'<strong class="notice-status-label">{label}:</strong> Neuer Grund' in html, url


def test_notices_page_lists_upcoming_first_then_past(client, make_notice):
    now = timezone.now()
    make_notice(title="Vergangen", start=now - datetime.timedelta(days=10))
    make_notice(title="Übermorgen", start=now + datetime.timedelta(days=2))
    make_notice(title="Morgen", start=now + datetime.timedelta(days=1))
    make_notice(title="Lange her", start=now - datetime.timedelta(days=100))
    html = html_of(client.get(reverse("press:notices")))
    order = [html.index(t) for t in ("Kommende Termine", "Morgen", "Übermorgen")]
    order += [html.index(t) for t in ("Vergangene Termine", "Vergangen<", "Lange her")]
    assert order == sorted(order)


def test_release_index_redirects_to_the_filtered_archive(client, db):
    response = client.get("/presse/mitteilungen/")
    assert response.status_code == 302
    assert response["Location"] == "/presse/?type=pressemitteilungen"


def test_partner_page_lists_its_press_items(client, make_partner, make_release, make_notice):
    partner = make_partner(name="Kreis Lippe")
    other = make_partner(name="Stadt Gelsenkirchen")
    release = make_release(title="Kreis Lippe unterzeichnet", partners=[partner])
    make_notice(title="Termin in Lippe", partners=[partner])
    make_release(title="Nur Gelsenkirchen", partners=[other])
    make_release(title="Entwurf für Lippe", is_published=False, partners=[partner])
    html = html_of(client.get(partner.get_absolute_url()))
    assert "Kreis Lippe unterzeichnet" in html and "Termin in Lippe" in html
    assert f'<a href="{release.get_absolute_url()}">Kreis Lippe unterzeichnet</a>' in html
    assert "Nur Gelsenkirchen" not in html and "Entwurf für Lippe" not in html


def test_header_home_and_footer_lead_to_the_press_pages(client, db, letterhead):
    html = html_of(client.get(reverse("home")))
    assert '<a class="nav-link" href="/presse/">Presse</a>' in html
    assert 'href="/presse/">Pressemitteilungen und Terminhinweise</a>' in html
    footer = html.split("<footer", 1)[1]
    for fact in [
        "Fürstenwall 25, 40219 Düsseldorf",
        "40190 Düsseldorf",
        "0211 855-5",
        "0211 855-3683",
        "poststelle@mais.nrw.de",
        "Haltestelle Stadttor",
    ]:
        assert fact in footer
    press = html_of(client.get(reverse("press:list")))
    assert '<a class="nav-link" href="/presse/" aria-current="page">Presse</a>' in press


def test_footer_renders_without_a_letterhead(client, db):
    assert not Letterhead.objects.exists()
    html = html_of(client.get(reverse("press:list")))
    assert "<footer" in html and "Fürstenwall" not in html and "<address" not in html


# The HTML pages are counted with the other page kinds in tests/test_query_budget.py.
@pytest.mark.parametrize(
    ("url_name", "queries"), [("release", 3), ("feed", 1), ("atom", 1), ("ics", 1)]
)
def test_query_count_does_not_grow_with_the_number_of_items(
    client,
    make_release,
    make_notice,
    make_partner,
    letterhead,
    django_assert_num_queries,
    url_name,
    queries,
):
    partner = make_partner()
    last = {}

    def add(count):
        now = timezone.now()
        for number in range(count):
            last["release"] = make_release(partners=[partner, make_partner()])
            make_notice(
                partners=[partner],
                status=EventNotice.Status.CANCELLED if number % 2 else "planned",
                start=now + datetime.timedelta(days=(-1) ** number * (number + 1)),
            )
            last["release"].attachments.create(title="PDF", file="press/attachments/a.pdf")

    def url():
        return {
            "release": last["release"].get_absolute_url(),
            "feed": reverse("press:feed"),
            "atom": reverse("press:atom"),
            "ics": reverse("press:notices_ics"),
        }[url_name]

    for count in (3, 27):
        add(count)
        assert client.get(url()).status_code == 200  # warm: letterhead, remembered values
        with django_assert_num_queries(queries):
            assert client.get(url()).status_code == 200


def test_letterhead_costs_no_query_once_cached(
    client, make_release, letterhead, django_assert_num_queries
):
    make_release()
    with django_assert_num_queries(4):  # the archive's years and the letterhead included
        client.get(reverse("press:list"))
    with django_assert_num_queries(2):
        client.get(reverse("press:list"))
