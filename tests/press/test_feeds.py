import datetime
from unittest import mock

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from .conftest import berlin_time


@pytest.fixture
def items(make_release, make_notice):
    now = timezone.now()
    return {
        "release": make_release(
            title="Neuer Partner: Kreis Lippe",
            teaser="<p>Der Kreis &lt;b&gt;Lippe&lt;/b&gt; <strong>unterzeichnet</strong>.</p>",
            dated_at=berlin_time(2017, 4, 2, 10),
        ),
        "notice": make_notice(title="Klute spricht", dated_at=berlin_time(2017, 3, 30, 0)),
        "cancelled": make_notice(
            title="Fällt aus",
            status="cancelled",
            status_note="Krankheit.",
            dated_at=berlin_time(2017, 3, 1, 0),
        ),
        "draft": make_release(title="Entwurf", is_published=False),
        "scheduled": make_release(
            title="Sperrfrist", publish_at=now + datetime.timedelta(hours=1)
        ),
    }


@pytest.mark.parametrize("name", ["press:feed", "press:atom"])
def test_feeds_parse_and_list_only_due_items_newest_first(client, items, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == ("rss20" if name == "press:feed" else "atom10")
    titles = [entry.title for entry in feed.entries]
    assert titles == [
        "Neuer Partner: Kreis Lippe",
        "Terminhinweis: Klute spricht",
        "Terminhinweis: Abgesagt: Fällt aus",
    ]
    links = [entry.link for entry in feed.entries]
    assert links[0] == "http://testserver" + items["release"].get_absolute_url()
    assert feed.feed.language == "de"


def test_feed_entries_carry_dates_categories_and_escaped_text(client, items):
    feed = feedparser.parse(client.get(reverse("press:feed")).content)
    release, notice, cancelled = feed.entries
    assert release.published_parsed[:5] == (2017, 4, 2, 8, 0)  # 10:00 Berlin = 08:00 UTC
    assert [tag.term for tag in release.tags] == ["Pressemitteilung"]
    # Plain text from the rich text: the markup gone, the typed "<b>" still text.
    assert "<p>Der Kreis &lt;b&gt;Lippe&lt;/b&gt; unterzeichnet.</p>" in release.summary
    assert "Termin: " in notice.summary and "Dortmund" in notice.summary
    assert [tag.term for tag in cancelled.tags] == ["Terminhinweis", "abgesagt"]
    assert "Abgesagt: Krankheit." in cancelled.summary


def test_scheduled_item_enters_the_feed_when_due(client, items):
    later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        feed = feedparser.parse(client.get(reverse("press:feed")).content)
    assert "Sperrfrist" in [entry.title for entry in feed.entries]


def test_feed_is_limited_to_the_newest_twenty(client, make_release):
    for number in range(23):
        make_release(dated_at=berlin_time(2016, 1, 1 + number, 12))
    feed = feedparser.parse(client.get(reverse("press:atom")).content)
    assert len(feed.entries) == 20
    assert feed.entries[0].published_parsed[:3] == (2016, 1, 23)
