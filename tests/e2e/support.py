"""What the browser tests need, and what happens when it is missing.

Locally a missing Chromium or Playwright skips the browser tests with the reason; in CI
(environment variable CI=true, set by .ci/run) it fails them, so that a green CI run
always includes the browser tests.
"""

import importlib
import os
import re
import shutil
from pathlib import Path

from tests.servers import missing

DEBIAN_CHROMIUM = "/usr/bin/chromium"

# axe-core: the WCAG 2.0 and 2.1 rules of levels A and AA, violations only.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

# How the focused element shows its focus: the tests ask for an outline of 2 px or more.
FOCUS_STYLE = """element => {
    const style = getComputedStyle(element);
    return {
        tag: element.tagName.toLowerCase(),
        text: (element.innerText || element.value || element.name || '').trim().slice(0, 40),
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth),
        visible: element.getClientRects().length > 0,
    };
}"""


# The e2e server's public forms refuse a submission sooner than this many seconds after the
# form was rendered (DJANGO_FORM_MIN_SECONDS; production default 3).
FORM_MIN_SECONDS = 1


def find_chromium():
    """E2E_CHROMIUM if set, else Debian's /usr/bin/chromium, else `chromium` on PATH."""
    configured = os.environ.get("E2E_CHROMIUM")
    if configured:
        return configured if Path(configured).is_file() else None
    if Path(DEBIAN_CHROMIUM).is_file():
        return DEBIAN_CHROMIUM
    return shutil.which("chromium")


def require(module_name):
    """Import a browser-test dependency (playwright, axe) or skip/fail as above."""
    try:
        return importlib.import_module(module_name)
    except ImportError:
        missing(f"{module_name} ist nicht installiert (pip install '.[test]')")


def log_in(page, username, password):
    """Log in to the admin as a person would, and arrive on its start page."""
    expect = require("playwright.sync_api").expect
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Inhalte verwalten")).to_be_visible()


def assert_no_axe_violations(page):
    """axe-core (the copy inside axe-playwright-python) on the whole page: no violation."""
    axe = require("axe_playwright_python.sync_playwright").Axe()
    # axe's CSS preload copies stylesheets into new <style> elements, which the CSP blocks
    # (a console error of the harness, not of the page); no rule used here needs it.
    results = axe.run(page, options={**AXE_OPTIONS, "preload": False})
    assert results.violations_count == 0, results.generate_report()
