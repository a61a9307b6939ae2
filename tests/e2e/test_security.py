"""Security as the browser meets it on the production-like server."""

import re

import pytest

from tests.e2e.support import AXE_OPTIONS, require

Axe = require("axe_playwright_python.sync_playwright").Axe
expect = require("playwright.sync_api").expect

pytestmark = pytest.mark.e2e


def test_production_headers_on_every_kind_of_response(page, server):
    page.browser_log.expected_statuses[server.url + "/partner/gibt-es-nicht/"] = 404
    for path in ["/partner/gibt-es-nicht/", "/admin/login/", "/"]:
        response = page.goto(path)
        headers = response.all_headers()
        assert "'unsafe-inline'" not in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["cross-origin-opener-policy"] == "same-origin"
        assert "camera=()" in headers["permissions-policy"]
    # Static files come hashed from the manifest (production storage), cacheable for a year.
    stylesheet = page.locator("link[rel=stylesheet]").first.get_attribute("href")
    assert re.fullmatch(r"/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css", stylesheet)


def test_login_lockout_page_in_the_browser(page, server, screenshot_dir):
    """Repeated wrong passwords end on the German lockout page (429), without CSP errors.

    The attempts use their own username: the lock holds for username and address together,
    so the editor journey's account stays usable.
    """
    page.browser_log.expected_statuses[server.url + "/admin/login/"] = 429
    page.goto("/admin/login/")
    for _ in range(5):
        page.get_by_label("Benutzername").fill("angreifer")
        page.get_by_label("Passwort").fill("falsch-geraten")
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Anmelden").click()
        status = navigation.value.status
        if status == 429:
            break
        expect(page.locator(".errornote")).to_be_visible()
    assert status == 429
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmeldung vorübergehend gesperrt")
    expect(page.locator("main")).to_contain_text(re.compile(r"ab \d\d:\d\d Uhr"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.screenshot(path=screenshot_dir / "anmeldung-gesperrt.png", full_page=True)
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
