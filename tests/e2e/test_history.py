"""The history in the admin, in a real browser under the strict CSP: a change is compared
with the version before it and undone, and the history pages pass axe (WCAG 2.1 AA)."""

import re

import pytest

from tests.e2e.support import AXE_OPTIONS, log_in, require

Axe = require("axe_playwright_python.sync_playwright").Axe
expect = require("playwright.sync_api").expect

pytestmark = pytest.mark.e2e

AXE = Axe()
JUELICH = "Stadt Jülich"
MUENSTER = "Bezirksregierung Münster"


def open_partner(page, name):
    page.goto("/admin/partners/partner/")
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.locator("#id_name")).to_have_value(name)


def test_a_change_is_restored_from_history(page, editor_credentials):
    log_in(page, *editor_credentials)
    open_partner(page, JUELICH)
    page.locator("#id_name").fill(f"{JUELICH} (Tippfehler)")
    page.get_by_role("button", name="Sichern", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("erfolgreich geändert")
    page.goto("/partner/stadt-juelich/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{JUELICH} (Tippfehler)")

    open_partner(page, f"{JUELICH} (Tippfehler)")
    page.get_by_role("link", name="Geschichte").click()
    # The newest two versions are chosen already: the seed's first one and the change.
    page.get_by_role("button", name="Vergleichen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Versionen vergleichen")
    diff = page.locator("#content-main")
    expect(diff.locator("del").first).to_be_visible()
    expect(diff).to_contain_text("(Tippfehler)")
    expect(diff).to_contain_text("Name geändert")

    page.get_by_role("link", name="Ältere Version wiederherstellen").click()
    expect(page.locator("#id_name")).to_have_value(JUELICH)
    page.get_by_role("button", name="Sichern", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/admin/partners/partner/"))

    page.goto("/partner/stadt-juelich/")
    expect(page.get_by_role("heading", level=1)).to_have_text(JUELICH)


def test_history_and_comparison_have_no_axe_violations(page, editor_credentials):
    log_in(page, *editor_credentials)
    open_partner(page, MUENSTER)
    # Saved unchanged: a second version, so that the history offers a comparison.
    page.get_by_role("button", name="Sichern und weiter bearbeiten").click()
    page.get_by_role("link", name="Geschichte").click()
    expect(page.get_by_role("button", name="Vergleichen")).to_be_visible()
    results = AXE.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()

    page.get_by_role("button", name="Vergleichen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Versionen vergleichen")
    results = AXE.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
