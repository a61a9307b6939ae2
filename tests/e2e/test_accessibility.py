"""WCAG 2.1 AA in the browser: axe-core on every kind of public page, and the keyboard.

The pages come from tests/public_pages.py, so pages other apps add are checked as well.
"""

import pytest

from tests.e2e.support import AXE_OPTIONS, FOCUS_STYLE, require
from tests.public_pages import PUBLIC_PAGES, PublicPage

Axe = require("axe_playwright_python.sync_playwright").Axe
expect = require("playwright.sync_api").expect

pytestmark = pytest.mark.e2e

AXE = Axe()


def open_page(page, server, public_page: PublicPage):
    """Open the page as a visitor would (submitting its form if the entry says so)."""
    url = server.url + public_page.path
    if public_page.status != 200:
        page.browser_log.expected_statuses[url] = public_page.status
    response = page.goto(public_page.path)
    if public_page.form:
        for name, value in public_page.form.items():
            field = page.locator(f"main [name='{name}']").first
            if field.evaluate("el => el.tagName") == "SELECT":
                field.select_option(value)
            elif field.get_attribute("type") in {"checkbox", "radio"}:
                field.check() if value else field.uncheck()
            else:
                field.fill(value)
        form = page.locator(f"main form:has([name='{next(iter(public_page.form))}'])")
        with page.expect_navigation() as navigation:
            form.locator("[type=submit]").first.click()
        response = navigation.value
    assert response.status == public_page.status, public_page.path
    return response


@pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=lambda public_page: public_page.name)
def test_page_is_german_and_has_no_axe_violations(page, server, public_page, screenshot_dir):
    open_page(page, server, public_page)
    expect(page.locator("html")).to_have_attribute("lang", public_page.lang)
    assert page.title().strip()
    page.screenshot(path=screenshot_dir / f"{public_page.name}.png", full_page=True)
    if not public_page.axe:
        return
    results = AXE.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def test_axe_reports_what_it_should(page):
    """The harness itself: a page made inaccessible on purpose must fail."""
    page.goto("/")
    page.evaluate(
        """() => {
            const main = document.querySelector('main');
            main.insertAdjacentHTML('beforeend', '<img src="/static/img/favicon.svg">');
            main.insertAdjacentHTML('beforeend', '<input type="text" name="ohne-label">');
        }"""
    )
    results = AXE.run(page, options=AXE_OPTIONS)
    found = {violation["id"] for violation in results.response["violations"]}
    assert {"image-alt", "label"} <= found


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page):
    page.goto("/partner/")
    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    expect(skip_link).to_have_text("Zum Inhalt springen")
    expect(skip_link).to_be_in_viewport()
    style = skip_link.evaluate(FOCUS_STYLE)
    assert style["outlineStyle"] != "none" and style["outlineWidth"] >= 2
    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_have_id("inhalt")
    # The next Tab continues inside the content, not back at the header.
    page.keyboard.press("Tab")
    assert page.locator(":focus").evaluate("el => !!el.closest('main')")


@pytest.mark.parametrize(
    "path", ["/", "/partner/?category=gibt-es-nicht", "/partner/landessportbund-nrw/"]
)
def test_focus_is_always_visible(page, path):
    """Tab through the page: every stop shows an outline of at least 2 px."""
    page.goto(path)
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        if focused.count() == 0:
            break  # focus left the document (after the last link)
        style = focused.evaluate(FOCUS_STYLE)
        seen.append(style)
        assert style["visible"], style
        assert style["outlineStyle"] != "none" and style["outlineWidth"] >= 2, style
    tags = {stop["tag"] for stop in seen}
    assert "a" in tags
    if "category" in path:
        assert {"input", "select", "button"} <= tags


def test_error_summary_takes_the_focus_names_the_wrong_filter_and_links_to_it(page):
    page.goto("/partner/?category=gibt-es-nicht")
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Diese Kategorie gibt es nicht.")
    field = page.get_by_label("Kategorie")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", "id_category-fehler")
    summary.get_by_role("link").first.click()
    expect(page.locator(":focus")).to_have_id("id_category")
