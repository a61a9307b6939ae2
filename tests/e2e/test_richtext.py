"""The admin's rich-text editor in the browser: under the strict CSP (no console errors),
written with the keyboard alone, German names for screen readers, no axe violations on
its whole form."""

import re

import pytest

from tests.e2e.support import assert_no_axe_violations, log_in, require
from tests.e2e.test_journeys import _approve_from_the_desk, _log_out

expect = require("playwright.sync_api").expect

pytestmark = pytest.mark.e2e

ADD_RELEASE = "/admin/press/pressrelease/add/"


def _shift_tab_to(page, name, limit=20):
    """Move the keyboard focus backwards until it rests on the control called ``name``."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("() => document.activeElement.getAttribute('aria-label')") == name:
            return
    pytest.fail(f"{name!r} not reached by keyboard")


def _tab_into(page, area, limit=40):
    """Move the keyboard focus forwards until it rests in ``area``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if area.evaluate("element => element === document.activeElement"):
            return
    pytest.fail("writing area not reached by keyboard")


def test_press_release_with_a_link_and_a_list_written_with_the_keyboard(
    page, editor_credentials, approver_credentials
):
    log_in(page, *editor_credentials)
    page.goto(ADD_RELEASE)
    body = page.get_by_role("textbox", name="Text", exact=True)
    expect(body).to_be_visible()

    page.locator("#id_title").press_sequentially("Tastatur schreibt Pressemitteilung")
    expect(page.locator("#id_slug")).to_have_value("tastatur-schreibt-pressemitteilung")

    teaser = page.get_by_role("textbox", name="Vorspann")
    _tab_into(page, teaser)
    page.keyboard.type("Der Vorspann nennt die Partnerseite")
    # Select the last word, then the toolbar's link button, reached by Shift+Tab.
    page.keyboard.press("Control+Shift+ArrowLeft")
    # The editor reads the selection from the browser a moment later; then it offers a link.
    link_button = page.locator(".field-teaser").get_by_role(
        "button", name="Link einfügen oder bearbeiten"
    )
    expect(link_button).not_to_have_class(re.compile(r"\bdisabled\b"))
    _shift_tab_to(page, "Link einfügen oder bearbeiten")
    page.keyboard.press("Enter")
    address = page.get_by_label("URL")
    expect(address).to_be_focused()
    page.keyboard.type("https://www.example.org/partner/")
    page.keyboard.press("Enter")
    expect(teaser.locator("a")).to_have_attribute("href", "https://www.example.org/partner/")

    _tab_into(page, body)
    page.keyboard.type("Das Programm:")
    page.keyboard.press("Enter")
    _shift_tab_to(page, "Aufzählung")
    page.keyboard.press("Enter")
    # The button turns the paragraph into a list and gives the focus back to the text.
    expect(body.locator("ul li")).to_have_count(1)
    expect(body).to_be_focused()
    page.keyboard.type("Begrüßung")
    page.keyboard.press("Enter")
    page.keyboard.type("Podiumsgespräch")

    page.get_by_role("button", name="Zur Freigabe einreichen").click()
    expect(page.locator(".messagelist .success").first).to_contain_text("eingereicht")
    _log_out(page)
    _approve_from_the_desk(page, approver_credentials, "Tastatur schreibt Pressemitteilung")

    page.goto("/presse/")
    page.get_by_role("link", name="Tastatur schreibt Pressemitteilung").click()
    link = page.locator(".press-teaser a")
    expect(link).to_have_text("Partnerseite")
    expect(link).to_have_attribute("href", "https://www.example.org/partner/")
    expect(link).to_have_attribute("rel", "noopener")
    items = page.locator(".press-body ul li")
    expect(items).to_have_text(["Begrüßung", "Podiumsgespräch"])
    expect(page.locator(".press-body p").first).to_have_text("Das Programm:")


@pytest.mark.parametrize(
    "path", [ADD_RELEASE, "/admin/press/eventnotice/add/", "/admin/partners/partner/add/"]
)
def test_editor_names_its_controls_in_german_and_has_no_axe_violations(
    page, editor_credentials, path
):
    log_in(page, *editor_credentials)
    page.goto(path)
    expect(page.locator(".prose-editor [contenteditable]").first).to_be_visible()
    for name in ["Fett", "Kursiv", "Aufzählung", "Nummerierte Liste", "Zitat", "Rückgängig"]:
        expect(page.get_by_role("button", name=name, exact=True).first).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^(bold|italic)$"))).to_have_count(0)
    # The whole form: every editor with its label, help text, toolbar and writing area,
    # and the admin's fields around them.
    assert_no_axe_violations(page)
    # axe did look at the editors: their writing areas are named textboxes.
    for area in page.locator(".prose-editor [contenteditable]").all():
        expect(area).to_have_attribute("aria-label", re.compile(r"\w"))
