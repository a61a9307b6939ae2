"""The map of the Regierungsbezirke in a real browser under the production CSP: reached from
the statistics page, walked by keyboard, each district leading to the directory with the
number the map shows; and the yearly summary reached from /bilanz/."""

import re

import pytest

from tests.e2e.support import require

expect = require("playwright.sync_api").expect

pytestmark = pytest.mark.e2e


def test_visitor_goes_from_the_map_to_each_districts_partners(page):
    page.goto("/partner/statistik/")
    page.get_by_role("link", name="Die Partner je Regierungsbezirk auf der Karte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner auf der Karte")
    districts = page.locator("svg.region-map a")
    expect(districts).to_have_count(5)
    names = [districts.nth(index).get_attribute("aria-label") for index in range(5)]
    for name in names:
        count = int(re.match(r"(\d+) Partner\b", name).group(1))
        page.goto("/partner/karte/")
        link = page.get_by_role("link", name=name)
        link.focus()
        expect(link).to_be_focused()
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/partner/\?region=[a-z]+$"))
        expect(page.get_by_role("heading", name=re.compile("Partner gefunden"))).to_have_text(
            f"{count} Partner gefunden"
        )


def test_bilanz_leads_to_the_latest_year_and_back_in_time(page):
    page.goto("/bilanz/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Bilanz \d{4}$"))
    latest = int(page.get_by_role("heading", level=1).inner_text().split()[1])
    page.get_by_role("link", name=re.compile("früheres Jahr")).click()
    earlier = int(page.get_by_role("heading", level=1).inner_text().split()[1])
    assert earlier < latest
