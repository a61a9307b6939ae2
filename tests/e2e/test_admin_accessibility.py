"""WCAG 2.1 AA in the admin the office works in: axe-core on the whole of every page the
office uses most (no part left out), the search-as-you-type fields while open, and a
visible focus on the office's own controls."""

import json
import re

import pytest

from tests.e2e.support import FOCUS_STYLE, assert_no_axe_violations, log_in, require
from tests.servers import manage

expect = require("playwright.sync_api").expect

pytestmark = pytest.mark.e2e

# A press release with two versions (the seed has none) and the keys of the seeded entries
# the pages below open.
CONTENT = """
import json
import reversion
from django.utils import timezone
from reversion.models import Version
from measures.models import Measure
from pages.models import Page
from partners.models import Partner
from press.models import EventNotice, PressRelease

with reversion.create_revision():
    release = PressRelease.objects.create(
        title="Barrierefrei geprüft", slug="barrierefrei-geprueft", dated_at=timezone.now(),
        teaser="<p>Vorspann</p>", body="<p>Erster Stand.</p>",
    )
with reversion.create_revision():
    release.body = "<p>Zweiter Stand.</p><ul><li>Punkt</li></ul>"
    release.save()
older, newer = sorted(Version.objects.get_for_object(release).values_list("pk", flat=True))
print(json.dumps({
    "release": release.pk,
    "version1": older,
    "version2": newer,
    "partner": Partner.objects.filter(signatories__isnull=False).first().pk,
    "notice": EventNotice.objects.first().pk,
    "page": Page.objects.first().pk,
    "measure": Measure.objects.first().pk,
}))
"""

MODELS = {
    "partner": "partners/partner",
    "release": "press/pressrelease",
    "notice": "press/eventnotice",
    "page": "pages/page",
    "measure": "measures/measure",
}
OFFICE_PAGES = {
    "desk": "/admin/",
    **{
        f"{key}-{view}": f"/admin/{model}/{path}"
        for key, model in MODELS.items()
        for view, path in [("list", ""), ("add", "add/"), ("change", f"{{{key}}}/change/")]
    },
    "history": "/admin/press/pressrelease/{release}/history/",
    "compare": (
        "/admin/press/pressrelease/{release}/history/compare/"
        "?version_id1={version1}&version_id2={version2}"
    ),
    "preview-links": "/admin/previews/previewlink/",
    "outbox": "/admin/contact/notification/",
    # A preview link's own page, reached from the list.
    "preview-link": "/admin/previews/previewlink/",
}


@pytest.fixture(scope="module")
def content(server):
    return json.loads(manage(server.env, "shell", "-c", CONTENT).strip().splitlines()[-1])


def create_preview_link(page, release):
    """As the office does: on the draft's change form."""
    page.goto(f"/admin/press/pressrelease/{release}/change/")
    page.get_by_role("button", name="Vorschau-Link erstellen").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Vorschau-Link erstellt")


@pytest.mark.parametrize("name", OFFICE_PAGES)
def test_office_page_has_no_axe_violations(page, editor_credentials, content, name):
    log_in(page, *editor_credentials)
    if name.startswith("preview-link"):
        create_preview_link(page, content["release"])
    response = page.goto(OFFICE_PAGES[name].format(**content))
    assert response.status == 200
    if name == "preview-link":
        page.locator("#result_list .field-created_at a").first.click()
        expect(page).to_have_url(re.compile(r"/previewlink/\d+/change/$"))
    page.wait_for_load_state("networkidle")  # select2 and the editor are built by script
    if name.endswith(("-add", "-change")):
        expect(page.locator("#content-main form")).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize(
    "path, field, search",
    [
        ("/admin/measures/measure/add/", "partner", "Dortmund"),
        ("/admin/partners/partner/add/", "categories", "Kommune"),
    ],
)
def test_search_as_you_type_field_is_named_and_passes_axe_while_open(
    page, editor_credentials, path, field, search
):
    label = {"partner": "Partner", "categories": "Kategorien"}[field]
    log_in(page, *editor_credentials)
    page.goto(path)
    box = page.locator(f"#id_{field} + .select2 .select2-selection")
    expect(box).to_have_accessible_name(re.compile(f"^{label}"))
    box.click()
    search_field = page.get_by_role("searchbox", name=label)
    search_field.fill(search)
    expect(page.locator(".select2-results__option").first).to_be_visible()
    expect(box).to_have_attribute("aria-controls", re.compile(r"\S"))
    assert_no_axe_violations(page)


def assert_visible_focus(page, target):
    """Focus ``target`` with the Tab key, as a keyboard user does: it shows a ring."""
    target.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(target).to_be_focused()
    style = target.evaluate(FOCUS_STYLE)
    assert style["outlineStyle"] != "none" and style["outlineWidth"] >= 2, style


def test_office_controls_show_a_visible_focus(page, writer_credentials):
    log_in(page, *writer_credentials)
    assert_visible_focus(page, page.locator("#content-main a").first)  # on the desk
    page.goto("/admin/press/pressrelease/add/")
    body = page.get_by_role("textbox", name="Text", exact=True)
    expect(body).to_be_visible()
    for control in [
        page.get_by_role("button", name="Zur Freigabe einreichen"),
        page.locator(".field-body").get_by_role("button", name="Aufzählung"),
        body,
    ]:
        assert_visible_focus(page, control)
