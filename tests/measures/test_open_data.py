import csv
import datetime
import io
import json

import feedparser
import pytest
from django.urls import reverse

from partners.export import LICENSE

pytestmark = pytest.mark.django_db


def test_csv_export_parses_with_bom_semicolons_and_the_documented_fields(client, make_measure):
    from measures.export import FIELD_NAMES

    measure = make_measure(title="=Formel")
    make_measure(title="Entwurf", is_published=False)
    response = client.get(reverse("measures:export_csv"))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert list(rows[0]) == FIELD_NAMES
    assert [row["id"] for row in rows] == [str(measure.pk)]
    assert rows[0]["title"] == "'=Formel"
    assert rows[0]["figures"] == "Auszubildende: 12 Personen"
    assert rows[0]["starts_on"] == "2024-09"
    assert f'<{LICENSE["url"]}>; rel="license"' in response["Link"]


def test_json_export_is_filtered_like_the_list(client, make_measure, make_partner):
    make_measure(title="Köln", partner=make_partner(region="koeln"), status="abgeschlossen")
    make_measure(title="Arnsberg")
    response = client.get(reverse("measures:export_json") + "?region=koeln&status=unsinn")
    document = json.loads(response.content)
    assert document["license"] == LICENSE
    assert document["schema_version"] == "1.0"
    assert document["filters"] == {"region": "koeln"}
    assert document["ignored_filters"] == ["status"]
    assert [m["title"] for m in document["measures"]] == ["Köln"]
    assert document["measures"][0]["figures"] == [
        {"label": "Auszubildende", "value": 12, "unit": "Personen"}
    ]


def test_open_data_page_documents_every_field(client):
    from measures.export import FIELD_NAMES

    html = client.get(reverse("measures:open_data")).content.decode()
    for name in FIELD_NAMES:
        assert f"<code>{name}</code>" in html


def test_feed_has_new_and_completed_measures(client, make_measure):
    make_measure(title="Neues Projekt")
    make_measure(title="Fertiges Projekt", status="abgeschlossen")
    make_measure(title="Entwurf", is_published=False)
    feed = feedparser.parse(client.get(reverse("measures:feed")).content)
    titles = sorted(entry.title for entry in feed.entries)
    assert len(feed.entries) == 2
    assert titles[0].startswith("Abgeschlossen: Fertiges Projekt")
    assert titles[1].startswith("Neue Maßnahme: Neues Projekt")


def test_statistics_count_measures_by_field_status_and_years(client, make_measure):
    from measures.models import FieldOfAction

    make_measure(starts_on=datetime.date(2023, 1, 1), starts_on_precision="year")
    make_measure(
        status="abgeschlossen",
        starts_on=datetime.date(2023, 5, 1),
        ends_on=datetime.date(2025, 1, 1),
        ends_on_precision="year",
        field_of_action=FieldOfAction.objects.get(slug="vernetzung"),
    )
    make_measure(status="geplant", starts_on=None, starts_on_precision="unknown")
    make_measure(is_published=False)
    response = client.get(reverse("partners:statistics"))
    charts = {
        chart.id: [(bar.label, bar.value) for bar in chart.bars]
        for _anchor, _title, charts in response.context["more_sections"]
        for chart in charts
    }
    assert charts["chart-measure-fields"] == [("Ausbildung", 2), ("Vernetzung", 1)]
    assert charts["chart-measure-status"] == [("geplant", 1), ("laufend", 1), ("abgeschlossen", 1)]
    assert charts["chart-measure-started"] == [("2023", 2), ("Jahr unbekannt", 1)]
    assert charts["chart-measure-completed"] == [("2025", 1)]
    html = response.content.decode()
    assert "Maßnahmen nach Handlungsfeld" in html and "Anzahl der Maßnahmen" in html
