"""A partner reports a measure without an account: staff make a reporting link in the
admin, an anonymous browser proposes a measure through it, staff publish it, and it is
public on /massnahmen/ and on the partner's page."""

import re

import pytest

from tests.e2e.support import FORM_MIN_SECONDS, log_in, require

expect = require("playwright.sync_api").expect

pytestmark = pytest.mark.e2e

PARTNER = "Landessportbund NRW"
TITLE = "Sportabzeichen-Treff für Neuzugewanderte"


def test_partner_reports_a_measure_through_its_link_and_staff_publish_it(
    page, browser, server, editor_credentials
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
    anonymous.goto("/massnahmen/")
    expect(anonymous.get_by_text(TITLE)).to_have_count(0)
    partner_browser.close()

    page.goto("/admin/measures/measure/?herkunft=vorschlag")
    page.get_by_role("row", name=re.compile(TITLE)).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("publish")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("1 Maßnahme veröffentlicht")

    page.goto("/massnahmen/?q=Sportabzeichen")
    expect(page.get_by_role("heading", name="1 Maßnahme gefunden")).to_be_visible()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("April 2025")).to_be_visible()
    page.get_by_role("link", name=PARTNER).first.click()
    expect(page.locator(".partner-measures")).to_contain_text(TITLE)
    expect(page.locator(".partner-measures")).to_contain_text("laufend")
