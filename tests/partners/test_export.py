"""The open-data exports /partner/export.csv and /partner/export.json."""

import csv
import datetime
import io
import json
import re

import pytest
from django.urls import reverse

from partners import export
from partners.models import Category, DatePrecision, Signatory

CSV_URL = reverse("partners:export_csv")
JSON_URL = reverse("partners:export_json")

# The published schema. Changing this list breaks the open-data portal's harvester:
# only add columns at the end, raise export.SCHEMA_VERSION and document them. Version 2.0:
# "category"/"category_name" are lists, "partner_present"/"state_present" are new.
HEADER = [
    "id",
    "name",
    "slug",
    "url",
    "category",
    "category_name",
    "city",
    "region",
    "region_name",
    "signed_on",
    "signed_on_precision",
    "signing_place",
    "signing_occasion",
    "partner_signatories",
    "state_signatories",
    "website",
    "updated_at",
    "partner_present",
    "state_present",
]
METADATA_KEYS = [
    "title",
    "description",
    "publisher",
    "license",
    "language",
    "schema_version",
    "documentation",
    "source",
    "generated_at",
    "filters",
    "ignored_filters",
    "count",
    "partners",
]
LICENSE = {
    "name": "Datenlizenz Deutschland – Zero – Version 2.0",
    "id": "dl-de/zero-2-0",
    "url": "https://www.govdata.de/dl-de/zero-2-0",
}


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "UTF-8 byte order mark for spreadsheet programs"
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


def read_csv_records(response):
    header, *rows = read_csv(response)
    return [dict(zip(header, row, strict=True)) for row in rows]


def read_json(response):
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content.decode("utf-8"))


def test_csv_has_the_documented_header_bom_semicolons_and_crlf(client, make_partner):
    make_partner()
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8; header=present"
    assert read_csv(response)[0] == HEADER
    assert b"\r\n" in response.content
    assert response.content.decode().splitlines()[0] == "\ufeff" + ";".join(HEADER)


def test_csv_rows_hold_dates_at_their_precision_and_joined_signatories(client, make_partner):
    exact = make_partner(
        name="Landessportbund NRW",
        slug="landessportbund-nrw",
        region="landesweit",
        city="",
        signing_place="Dortmund",
        website="https://www.lsb.nrw/",
    )
    Signatory.objects.create(partner=exact, name="Zweite Person", role="", side="partner", order=5)
    make_partner(
        name="Bezirksregierung Düsseldorf",
        signed_on=datetime.date(2015, 11, 1),
        signed_on_precision=DatePrecision.MONTH,
    )
    make_partner(
        name="Stadt Jülich",
        signed_on=datetime.date(2016, 1, 1),
        signed_on_precision=DatePrecision.YEAR,
        signing_occasion="Interkulturelle Woche 2016",
    )
    make_partner(
        name="IHK NRW", signed_on=None, signed_on_precision=DatePrecision.UNKNOWN, region=""
    )
    rows = {row["name"]: row for row in read_csv_records(client.get(CSV_URL))}

    lsb = rows["Landessportbund NRW"]
    assert lsb["id"] == str(exact.pk)
    assert lsb["url"] == "http://testserver/partner/landessportbund-nrw/"
    assert (lsb["category"], lsb["category_name"]) == ("kommune", "Kommune")
    assert (lsb["partner_present"], lsb["state_present"]) == ("", "")
    assert (lsb["region"], lsb["region_name"]) == ("landesweit", "landesweit")
    assert (lsb["signed_on"], lsb["signed_on_precision"]) == ("2015-05-28", "day")
    assert lsb["city"] == ""
    assert lsb["signing_place"] == "Dortmund"
    assert lsb["website"] == "https://www.lsb.nrw/"
    assert lsb["partner_signatories"].startswith("Bürgermeisterin Person ")
    assert lsb["partner_signatories"].endswith("; Zweite Person")
    assert lsb["state_signatories"] == "Staatssekretär Thorsten Klute"
    assert datetime.datetime.fromisoformat(lsb["updated_at"]).utcoffset() is not None

    assert rows["Bezirksregierung Düsseldorf"]["signed_on"] == "2015-11"
    assert rows["Stadt Jülich"]["signed_on"] == "2016"
    assert rows["Stadt Jülich"]["signing_occasion"] == "Interkulturelle Woche 2016"
    unknown = rows["IHK NRW"]
    assert (unknown["signed_on"], unknown["signed_on_precision"]) == ("", "unknown")
    assert (unknown["region"], unknown["region_name"]) == ("", "")


def test_json_carries_metadata_licence_and_the_same_schema(client, make_partner):
    partner = make_partner(name="Stadt Solingen", city="Solingen", region="duesseldorf")
    make_partner(
        name="IHK NRW", signed_on=None, signed_on_precision=DatePrecision.UNKNOWN, city=""
    )
    response = client.get(JSON_URL)
    assert response.status_code == 200
    document = read_json(response)
    assert list(document) == METADATA_KEYS
    assert document["license"] == LICENSE
    assert document["publisher"] == (
        "Ministerium für Arbeit, Integration und Soziales des Landes Nordrhein-Westfalen"
    )
    assert "Vielfalt verbindet!" in document["title"]
    assert document["description"]
    assert document["language"] == "de"
    assert document["schema_version"] == "2.0"
    assert document["documentation"] == "http://testserver/partner/offene-daten/"
    assert document["source"] == "http://testserver/partner/"
    assert datetime.datetime.fromisoformat(document["generated_at"]).utcoffset() is not None
    assert document["filters"] == {}
    assert document["ignored_filters"] == []
    assert document["count"] == 2 == len(document["partners"])

    records = {record["name"]: record for record in document["partners"]}
    solingen = records["Stadt Solingen"]
    assert list(solingen) == HEADER
    assert solingen["id"] == partner.pk
    assert solingen["region"] == "duesseldorf"
    assert solingen["region_name"] == "Düsseldorf"
    assert solingen["signed_on"] == "2015-05-28"
    assert solingen["partner_signatories"] == [
        {"name": partner.signatories.get(side="partner").name, "role": "Bürgermeisterin"}
    ]
    assert solingen["state_signatories"] == [{"name": "Thorsten Klute", "role": "Staatssekretär"}]
    assert (solingen["category"], solingen["category_name"]) == (["kommune"], ["Kommune"])
    assert (solingen["partner_present"], solingen["state_present"]) == ([], [])
    assert solingen["website"] is None
    ihk = records["IHK NRW"]
    assert (ihk["signed_on"], ihk["signed_on_precision"], ihk["city"]) == (None, "unknown", None)


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_exports_name_the_licence_and_a_dated_file(client, make_partner, url):
    make_partner()
    response = client.get(url)
    assert '<https://www.govdata.de/dl-de/zero-2-0>; rel="license"' in response["Link"]
    assert '<http://testserver/partner/offene-daten/>; rel="describedby"' in response["Link"]
    extension = url.rsplit(".", 1)[1]
    disposition = "attachment" if extension == "csv" else "inline"
    assert re.fullmatch(
        rf'{disposition}; filename="vielfalt-verbindet-partner-\d{{4}}-\d\d-\d\d\.{extension}"',
        response["Content-Disposition"],
    )
    assert response["Access-Control-Allow-Origin"] == "*"


def test_exports_contain_only_published_partners(client, make_partner):
    make_partner(name="Veröffentlicht")
    make_partner(name="Entwurf", is_published=False)
    csv_names = [row["name"] for row in read_csv_records(client.get(CSV_URL))]
    json_names = [record["name"] for record in read_json(client.get(JSON_URL))["partners"]]
    assert csv_names == json_names == ["Veröffentlicht"]


def test_exports_apply_the_directorys_filters(client, make_partner):
    police = Category.objects.create(name="Polizei", slug="polizei")
    make_partner(name="Polizei Dortmund", category=police, region="arnsberg")
    make_partner(name="Stadt Dortmund", region="arnsberg")
    make_partner(name="Stadt Köln", region="koeln")
    make_partner(name="Stadt Dortmund alt", region="arnsberg", signed_on=datetime.date(2012, 1, 2))
    query = {"q": "Dortmund", "category": "kommune", "region": "arnsberg", "year": "2015"}

    csv_response = client.get(CSV_URL, query)
    assert [row["name"] for row in read_csv_records(csv_response)] == ["Stadt Dortmund"]
    assert "-kommune-arnsberg-2015-dortmund-" in csv_response["Content-Disposition"]

    document = read_json(client.get(JSON_URL, query))
    assert [record["name"] for record in document["partners"]] == ["Stadt Dortmund"]
    assert document["filters"] == {
        "q": "Dortmund",
        "category": "kommune",
        "region": "arnsberg",
        "year": 2015,
    }
    assert document["count"] == 1
    assert document["source"].startswith("http://testserver/partner/?q=Dortmund&")


def test_unknown_filter_values_are_ignored_and_reported(client, make_partner):
    make_partner(name="Stadt Köln", region="koeln")
    make_partner(name="Stadt Hamm", region="arnsberg")
    document = read_json(client.get(JSON_URL, {"category": "gibt-es-nicht", "region": "koeln"}))
    assert [record["name"] for record in document["partners"]] == ["Stadt Köln"]
    assert document["filters"] == {"region": "koeln"}
    assert document["ignored_filters"] == ["category"]


def test_exports_keep_the_directorys_order(client, make_partner):
    make_partner(name="Alt", signed_on=datetime.date(2012, 3, 26))
    make_partner(name="Ohne Datum", signed_on=None, signed_on_precision=DatePrecision.UNKNOWN)
    make_partner(name="Neu", signed_on=datetime.date(2016, 1, 1))
    make_partner(
        name="Eingeordnet",
        signed_on=None,
        signed_on_precision=DatePrecision.UNKNOWN,
        listed_as_of=datetime.date(2012, 3, 26),
    )
    names = [record["name"] for record in read_json(client.get(JSON_URL))["partners"]]
    assert names == ["Neu", "Alt", "Eingeordnet", "Ohne Datum"]
    eingeordnet = read_json(client.get(JSON_URL))["partners"][2]
    assert (eingeordnet["signed_on"], eingeordnet["signed_on_precision"]) == (None, "unknown")
    assert "2012-03-26" not in str(eingeordnet)


def test_a_joint_signing_lists_both_categories_and_who_was_only_present(client, make_partner):
    police = Category.objects.create(name="Polizei", slug="polizei", order=50)
    partner = make_partner(
        name="Stadt und Polizei Gelsenkirchen",
        categories=[police, Category.objects.get(slug="kommune")],
        region="mehrere",
    )
    partner.signatories.update(role_in_signing=Signatory.RoleInSigning.PRESENT)

    row = read_csv_records(client.get(CSV_URL))[0]
    assert (row["category"], row["category_name"]) == ("kommune; polizei", "Kommune; Polizei")
    assert (row["region"], row["region_name"]) == ("mehrere", "mehrere Regierungsbezirke")
    assert (row["partner_signatories"], row["state_signatories"]) == ("", "")
    assert row["state_present"] == "Staatssekretär Thorsten Klute"

    record = read_json(client.get(JSON_URL))["partners"][0]
    assert record["category"] == ["kommune", "polizei"]
    assert record["category_name"] == ["Kommune", "Polizei"]
    assert record["partner_signatories"] == []
    assert record["partner_present"] == [
        {"name": partner.signatories.get(side="partner").name, "role": "Bürgermeisterin"}
    ]
    assert read_json(client.get(JSON_URL, {"category": "polizei"}))["count"] == 1


def test_csv_cells_cannot_run_as_spreadsheet_formulas_but_json_stays_exact(client, make_partner):
    make_partner(name="=HYPERLINK(1)", signing_occasion="@SUM(A1)", city="-Ort")
    row = read_csv_records(client.get(CSV_URL))[0]
    assert (row["name"], row["signing_occasion"], row["city"]) == (
        "'=HYPERLINK(1)",
        "'@SUM(A1)",
        "'-Ort",
    )
    record = read_json(client.get(JSON_URL))["partners"][0]
    assert record["name"] == "=HYPERLINK(1)"


def test_cells_with_separators_quotes_and_line_breaks_survive_the_round_trip(client, make_partner):
    make_partner(name='Verein "Vielfalt; Zukunft"', signing_occasion="Zeile 1\nZeile 2")
    row = read_csv_records(client.get(CSV_URL))[0]
    assert row["name"] == 'Verein "Vielfalt; Zukunft"'
    assert row["signing_occasion"] == "Zeile 1\nZeile 2"


def test_empty_result_is_still_a_valid_file(client, db):
    assert read_csv(client.get(CSV_URL)) == [HEADER]
    document = read_json(client.get(JSON_URL))
    assert (document["count"], document["partners"]) == (0, [])


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
@pytest.mark.parametrize(
    "query",
    [
        {"year": "20x5"},
        {"year": "1800"},
        {"category": "gibt-es-nicht"},
        {"region": "bayern"},
        {"q": "x" * 5000},
        {"q": "%00'\"<script>"},
        {"q": "\x00"},
        {"category": ["kommune", "kreis"], "year": ""},
        {"page": "abc", "format": "xml"},
    ],
)
def test_garbage_in_the_query_string_never_gives_a_500(client, make_partner, url, query):
    make_partner()
    response = client.get(url, query)
    assert response.status_code == 200
    if url == JSON_URL:
        assert read_json(response)["count"] >= 0
    else:
        assert read_csv(response)[0] == HEADER


@pytest.mark.parametrize(
    ("url", "queries"), [(CSV_URL, 3), (JSON_URL, 3), (CSV_URL + "?q=Stadt&category=kommune", 4)]
)
def test_query_count_does_not_grow_with_the_number_of_partners(
    client, make_partner, django_assert_num_queries, url, queries
):
    for count in (3, 57):
        for _ in range(count):
            make_partner()
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


def test_directory_links_to_the_exports_with_its_filters_and_names_the_licence(
    client, make_partner
):
    make_partner(region="koeln")
    html = client.get(reverse("partners:list"), {"region": "koeln", "page": "1"}).content.decode()
    assert f'href="{CSV_URL}?region=koeln"' in html
    assert f'href="{JSON_URL}?region=koeln"' in html
    assert "Datenlizenz Deutschland – Zero – Version 2.0" in html
    assert 'href="https://www.govdata.de/dl-de/zero-2-0" rel="license"' in html
    unfiltered = client.get(reverse("partners:list")).content.decode()
    assert f'href="{CSV_URL}"' in unfiltered


@pytest.mark.parametrize("url_name", ["partners:list", "partners:open_data"])
def test_pages_name_the_licence_the_export_declares(client, make_partner, monkeypatch, url_name):
    make_partner()
    other = {"name": "Andere Lizenz 9.9", "id": "andere-9-9", "url": "https://lizenz.example/9"}
    monkeypatch.setattr(export, "LICENSE", other)
    html = client.get(reverse(url_name)).content.decode()
    assert f'<a href="{other["url"]}" rel="license">{other["name"]}</a>' in html
    assert "Datenlizenz Deutschland" not in html and "dl-de" not in html


def test_open_data_page_documents_every_field_the_licence_and_the_format(client, make_partner):
    make_partner()
    response = client.get(reverse("partners:open_data"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Offene Daten</h1>" in html
    for name in HEADER:
        assert f'<th scope="row"><code>{name}</code></th>' in html
    for key in METADATA_KEYS:
        assert f"<code>{key}</code>" in html
    assert LICENSE["name"] in html and LICENSE["id"] in html and LICENSE["url"] in html
    assert "Ministerium für Arbeit, Integration und Soziales" in html
    assert "Semikolon" in html and "UTF-8" in html
    assert f'href="{CSV_URL}"' in html and f'href="{JSON_URL}"' in html
    assert "Derzeit enthalten die Dateien 1 Partner." in html
