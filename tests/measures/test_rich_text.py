"""A measure's description is rich text: written in the editor in the admin, cleaned on
the server, shown formatted on the measure's page, and as plain text wherever HTML does
not belong (feed, exports, search, meta description, the version comparison)."""

import csv
import io
import json
import re

import feedparser
import pytest
from django.urls import reverse
from reversion.models import Version

from measures.models import Measure
from tests.helpers import admin_form_data

pytestmark = pytest.mark.django_db

RICH = (
    "<p>Eins <strong>fett</strong> und <em>schräg</em>, "
    '<a href="https://www.beispiel.de/projekt">Projekt</a>.</p>'
    "<h3>Ablauf</h3><ul><li>Punkt A</li><li>Punkt B</li></ul>"
)
PLAIN = "Eins fett und schräg, Projekt.\n\nAblauf\n\n– Punkt A\n– Punkt B"


def test_the_admin_edits_the_description_in_the_editor_and_the_server_cleans_it(
    admin_client, make_measure, client
):
    measure = make_measure(title="Mentoring")
    url = reverse("admin:measures_measure_change", args=[measure.pk])
    form = admin_client.get(url)
    assert "prose-editor" in form.content.decode()
    data = admin_form_data(form)
    data["description"] = (
        RICH + '<h2>Zu groß</h2><script>alert(1)</script><p onclick="x()" class="c">'
        '<a href="javascript:alert(1)">Klick</a></p>'
    )
    assert admin_client.post(url, data).status_code == 302
    measure.refresh_from_db()
    assert measure.description == (
        RICH.replace('projekt">', 'projekt" rel="noopener">')
        + 'Zu groß<p><a rel="noopener">Klick</a></p>'
    )

    page = client.get(measure.get_absolute_url()).content.decode()
    assert "<strong>fett</strong>" in page and "<h3>Ablauf</h3>" in page
    assert "<li>Punkt A</li>" in page
    assert "alert(1)" not in page and "onclick" not in page


def test_feed_exports_and_meta_description_get_plain_text(client, make_measure):
    measure = make_measure(title="Mentoring", description=RICH)

    entry = feedparser.parse(client.get(reverse("measures:feed")).content).entries[0]
    assert "Eins fett und schräg, Projekt." in entry.summary
    assert "– Punkt A<br />– Punkt B" in entry.summary
    assert "<strong>" not in entry.summary and "<h3>" not in entry.summary

    document = json.loads(client.get(reverse("measures:export_json")).content)
    assert document["measures"][0]["description"] == PLAIN
    text = client.get(reverse("measures:export_csv")).content.decode("utf-8")[1:]
    assert next(csv.DictReader(io.StringIO(text), delimiter=";"))["description"] == PLAIN

    page = client.get(measure.get_absolute_url()).content.decode()
    meta = re.search(r'<meta name="description" content="([^"]*)"', page)[1]
    assert "Eins fett und schräg, Projekt. Ablauf – Punkt A – Punkt B" in meta
    assert "&lt;" not in meta


def test_the_open_data_page_says_the_description_is_plain_text(client):
    page = client.get(reverse("measures:open_data")).content.decode()
    assert "Beschreibung als reiner Text, ohne HTML" in page


def test_search_finds_the_words_not_the_markup(client, make_measure):
    make_measure(title="Mentoring", description=RICH)
    listing = reverse("measures:list")
    assert "Mentoring" in client.get(listing, {"q": "fett"}).content.decode()
    assert "Mentoring" not in client.get(listing, {"q": "strong"}).content.decode()


def test_the_version_comparison_shows_the_words(admin_client, make_measure):
    measure = make_measure(title="Mentoring", description="<p>Alter Text.</p>")
    url = reverse("admin:measures_measure_change", args=[measure.pk])
    for description in ("<p>Alter Text.</p>", "<p>Neuer <strong>Text</strong>.</p>"):
        data = admin_form_data(admin_client.get(url))
        data["description"] = description
        assert admin_client.post(url, data).status_code == 302
    older, newer = Version.objects.get_for_object(measure).order_by("pk")
    compare = admin_client.get(
        reverse("admin:measures_measure_compare", args=[measure.pk]),
        {"version_id1": older.pk, "version_id2": newer.pk},
    ).content.decode()
    assert "<del>- Alter Text.</del>" in compare and "<ins>+ Neuer Text.</ins>" in compare
    assert "&lt;p&gt;" not in compare and "&lt;strong&gt;" not in compare


def test_a_description_that_is_only_markup_is_refused_in_the_admin(admin_client, make_measure):
    measure = make_measure()
    url = reverse("admin:measures_measure_change", args=[measure.pk])
    data = admin_form_data(admin_client.get(url))
    data["description"] = "<p></p><script>x</script>"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["description"]
    assert Measure.objects.get(pk=measure.pk).description == measure.description
