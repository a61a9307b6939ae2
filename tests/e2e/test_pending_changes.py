"""A live press release is corrected without going offline: the change waits for approval."""

import re

import pytest

from tests.e2e.support import AXE_OPTIONS, log_in, require
from tests.e2e.test_journeys import _approve_from_the_desk, _log_out

Axe = require("axe_playwright_python.sync_playwright").Axe
expect = require("playwright.sync_api").expect

pytestmark = pytest.mark.e2e

TITLE = "Vielfalt im Ehrenamt mit Tipfehler"
FIXED = "Vielfalt im Ehrenamt ohne Tippfehler"
PUBLIC = "/presse/mitteilungen/vielfalt-im-ehrenamt-mit-tipfehler/"


def test_writer_corrects_a_live_release_and_the_approver_compares_and_approves(
    page, writer_credentials, approver_credentials
):
    log_in(page, *writer_credentials)
    page.goto("/admin/press/pressrelease/add/")
    page.locator("#id_title").press_sequentially(TITLE)
    page.get_by_role("textbox", name="Vorspann").click()
    page.keyboard.type("Ein Vorspann.")
    page.get_by_role("textbox", name="Text", exact=True).click()
    page.keyboard.type("Ein Absatz.")
    page.get_by_role("button", name="Zur Freigabe einreichen").click()
    expect(page.locator(".messagelist .success").first).to_contain_text("eingereicht")
    _log_out(page)
    _approve_from_the_desk(page, approver_credentials, TITLE)
    _log_out(page)

    # The writer fixes the title of the live release: it is saved as a pending change.
    log_in(page, *writer_credentials)
    page.goto("/admin/press/pressrelease/?q=Tipfehler")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("wird eine „Änderung zur Freigabe“")).to_be_visible()
    page.locator("#id_title").fill(FIXED)
    page.get_by_role("button", name="Sichern", exact=True).first.click()
    expect(page.locator(".messagelist .success").first).to_contain_text("wartet auf Freigabe")
    expect(page.locator("#id_title")).to_have_value(FIXED)  # the form shows the pending text
    _log_out(page)

    page.goto(PUBLIC)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    # The approver finds it on the desk, compares, and approves.
    log_in(page, *approver_credentials)
    waiting = page.locator(
        "section.desk-block",
        has=page.get_by_role("heading", name=re.compile("^Wartet auf meine Freigabe")),
    )
    waiting.get_by_role("link", name=TITLE).click()
    expect(
        page.get_by_role("heading", name="Vergleich: veröffentlicht und vorgeschlagen")
    ).to_be_visible()
    row = page.get_by_role("row", name=re.compile("^Titel"))
    expect(row).to_contain_text(TITLE)
    expect(row).to_contain_text(FIXED)
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("button", name="Freigeben und veröffentlichen").click()
    expect(page.locator(".messagelist .success").first).to_contain_text("freigegeben")
    _log_out(page)

    page.goto(PUBLIC)
    expect(page.get_by_role("heading", level=1)).to_have_text(FIXED)
