"""A partner reports a measure without an account: staff make a reporting link in the
admin, an anonymous browser proposes a measure through it, the Freigabe (not a superuser)
approves it from the desk, and only then is it public: on /massnahmen/, on the partner's
page, in the open-data exports, in the statistics and on the map."""

import csv
import io
import re

import pytest

from tests.e2e.support import FORM_MIN_SECONDS, log_in, require

expect = require("playwright.sync_api").expect

pytestmark = pytest.mark.e2e

PARTNER = "Landessportbund NRW"
PARTNER_URL = "/partner/landessportbund-nrw/"
REGION = "landesweit"  # where the map and its table count the partner
FIELD = "Vernetzung"
TITLE = "Sportabzeichen-Treff für Neuzugewanderte"


def _table_number(page, table, row_name, column):
    """The number in ``column`` (0: the first after the row header) of the row named
    ``row_name`` in ``table``; 0 when the table has no such row."""
    row = page.locator(f"{table} tbody tr", has=page.get_by_role("rowheader", name=row_name))
    if row.count() == 0:
        return 0
    return int(row.locator("td").nth(column).inner_text())


def _public_numbers(page):
    """What the public sees of the proposed measure, and the counts it would change."""
    page.goto("/massnahmen/?q=Sportabzeichen")
    listed = page.get_by_role("link", name=TITLE).count()
    page.goto(PARTNER_URL)
    on_partner_page = page.get_by_role("link", name=TITLE).count()
    csv_text = page.request.get("/massnahmen/export.csv").text()
    in_csv = [
        row
        for row in csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")), delimiter=";")
        if row["title"] == TITLE
    ]
    document = page.request.get("/massnahmen/export.json").json()
    in_json = [row for row in document["measures"] if row["title"] == TITLE]
    page.goto("/partner/statistik/")
    statistics = _table_number(page, "#chart-measure-fields", FIELD, 0)
    page.goto("/partner/karte/")
    on_map = _table_number(page, "table.region-map-table", REGION, 1)
    return {
        "list": listed,
        "partner_page": on_partner_page,
        "csv": in_csv,
        "json": in_json,
        "statistics": statistics,
        "map": on_map,
    }


def test_partner_reports_a_measure_and_only_the_freigabes_approval_makes_it_public(
    page, browser, server, editor_credentials, approver_credentials
):
    username, password = editor_credentials
    log_in(page, username, password)
    page.goto("/admin/partners/partner/?q=Landessportbund")
    page.get_by_role("row", name=re.compile(PARTNER)).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("create_reporting_link")
    page.locator("button[name=index]").click()
    expect(page.get_by_label("E-Mail-Adresse des Partners")).to_be_visible()
    page.get_by_role("button", name="Link erstellen").click()
    link = page.locator(".messagelist a[href*='/berichten/']")
    expect(link).to_be_visible()
    report_url = link.get_attribute("href")

    partner_browser = browser.new_context(base_url=server.url, locale="de-DE")
    anonymous = partner_browser.new_page()
    before = _public_numbers(anonymous)
    anonymous.goto(report_url)
    expect(anonymous.get_by_role("heading", level=1)).to_contain_text(PARTNER)
    anonymous.get_by_label("Titel der Maßnahme").fill(TITLE)
    anonymous.get_by_label("Handlungsfeld").select_option(label="Vernetzung")
    anonymous.get_by_label("Stand").select_option("laufend")
    anonymous.get_by_label("Beschreibung").fill("Jeden Samstag.\n\nMit Übungsleitungen.")
    anonymous.get_by_label("Beginn: Monat").select_option("4")
    anonymous.get_by_label("Beginn: Jahr").fill("2025")
    anonymous.get_by_label("Kennzahl 1: Bezeichnung").fill("Teilnehmende")
    anonymous.get_by_label("Kennzahl 1: Wert").fill("25")
    anonymous.wait_for_timeout((FORM_MIN_SECONDS + 1) * 1000)
    anonymous.get_by_role("button", name="Vorschlag senden").click()
    expect(anonymous.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihren Bericht")
    pending = _public_numbers(anonymous)
    assert pending == before
    assert pending["list"] == pending["partner_page"] == 0
    assert pending["csv"] == pending["json"] == []

    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_role("heading", name="Abgemeldet")).to_be_visible()
    log_in(page, *approver_credentials)
    waiting = page.locator(
        "section.desk-block",
        has=page.get_by_role("heading", name=re.compile("^Wartet auf meine Freigabe")),
    )
    waiting.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("Zur Freigabe", exact=True).first).to_be_visible()
    page.get_by_role("button", name="Freigeben", exact=True).click()
    expect(page.locator(".messagelist .success").first).to_contain_text("ist freigegeben")

    after = _public_numbers(anonymous)
    partner_browser.close()
    assert (after["list"], after["partner_page"]) == (1, 1)
    assert [row["partner_name"] for row in after["csv"]] == [PARTNER]
    assert after["csv"][0]["status"] == "laufend"
    assert [row["partner_name"] for row in after["json"]] == [PARTNER]
    assert after["statistics"] == before["statistics"] + 1
    assert after["map"] == before["map"] + 1

    page.goto("/massnahmen/?q=Sportabzeichen")
    expect(page.get_by_role("heading", name="1 Maßnahme gefunden")).to_be_visible()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("April 2025")).to_be_visible()
    page.get_by_role("link", name=PARTNER).first.click()
    expect(page.locator(".partner-measures")).to_contain_text(TITLE)
    expect(page.locator(".partner-measures")).to_contain_text("laufend")
