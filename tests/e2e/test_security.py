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


def test_browser_refuses_a_script_from_the_media_path(page, server):
    """Chromium applies the page's own policy: a script tag pointing into /media/ is refused
    before the server is asked, while the page's scripts from /static/ still load.

    The tag is added to the page on its way to the browser (the header stays the server's);
    the portal's templates hold no such tag.
    """
    probe = "/media/partners/photos/probe.js"

    def add_script_tag(route):
        response = route.fetch()
        headers = {
            name: value
            for name, value in response.headers.items()
            if name.lower() not in {"content-length", "content-encoding"}
        }
        body = response.text().replace("</body>", f'<script src="{probe}"></script></body>')
        route.fulfill(status=response.status, headers=headers, body=body)

    answered = []
    page.on("response", lambda response: answered.append(response.url))
    page.route(server.url + "/", add_script_tag)
    page.goto("/")
    page.wait_for_load_state("load")
    refusals = [
        error
        for error in page.browser_log.console_errors
        if probe in error and "Content Security Policy" in error
    ]
    assert refusals, page.browser_log.console_errors
    # The refusal is this test's purpose, not an error of the portal.
    for refusal in refusals:
        page.browser_log.console_errors.remove(refusal)
    assert server.url + probe not in answered  # never fetched, so never run
    assert any("/static/js/error-summary" in url for url in answered)
