"""A draft partner page shown to the partner organisation through a preview link."""

import re

import pytest

from tests.e2e.support import AXE_OPTIONS, log_in, require

Axe = require("axe_playwright_python.sync_playwright").Axe
expect = require("playwright.sync_api").expect

pytestmark = pytest.mark.e2e

PARTNER = "Vorschaukommune Entwurfsdorf"


def _add_draft_partner(page):
    page.goto("/admin/partners/partner/add/")
    page.locator("#id_name").press_sequentially(PARTNER)
    expect(page.locator("#id_slug")).to_have_value("vorschaukommune-entwurfsdorf")
    page.locator("#id_categories + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill("Kommune")
    page.locator(".select2-results__option", has_text=re.compile(r"^Kommune$")).click()
    page.locator("#id_city").fill("Entwurfsdorf")
    page.locator("#id_region").select_option("muenster")
    page.locator("#id_signed_on").fill("01.06.2016")
    page.locator("#id_signed_on_precision").select_option("month")
    # A new partner is always a draft: there is nothing to publish on this form.
    expect(page.locator("#id_is_published")).to_have_count(0)
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_contain_text(PARTNER)


def test_partner_sees_its_draft_through_a_preview_link_until_it_is_revoked(
    page, browser, server, editor_credentials
):
    log_in(page, *editor_credentials)
    _add_draft_partner(page)

    page.get_by_role("button", name="Vorschau-Link erstellen").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Vorschau-Link erstellt")
    address = page.locator(".messagelist .success a[href*='/vorschau/']").get_attribute("href")
    assert re.fullmatch(re.escape(server.url) + r"/vorschau/[^/]+/", address)

    # Someone without an account, in a browser of their own.
    visitor = browser.new_context(base_url=server.url, locale="de-DE")
    tab = visitor.new_page()
    errors = []
    tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
    response = tab.goto(address)
    assert response.status == 200
    assert response.headers["x-robots-tag"] == "noindex, nofollow"
    banner = tab.get_by_role("status").filter(has_text="Vorschau – nicht veröffentlicht")
    expect(banner).to_be_visible()
    expect(tab.get_by_role("heading", level=1)).to_have_text(PARTNER)
    results = Axe().run(tab, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    assert errors == []

    page.get_by_role("button", name=re.compile("^Widerrufen")).click()
    expect(page.locator(".messagelist .success")).to_contain_text("widerrufen")

    response = tab.goto(address)
    assert response.status == 404
    expect(tab.get_by_role("heading", level=1)).to_have_text("Vorschau-Link ungültig")
    expect(tab.get_by_text(PARTNER)).to_have_count(0)
    assert all("status of 404" in error for error in errors)
    visitor.close()
