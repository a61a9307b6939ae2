"""The portal as people use it, in a real browser against the real server.

Journeys of the other apps (an organisation's partner request with a mistake, a journalist
downloading a Terminhinweis as .ics) join this file when those apps are merged.
"""

import io
import re

import pytest
from PIL import Image

from tests.e2e.support import require

expect = require("playwright.sync_api").expect

pytestmark = pytest.mark.e2e

DORTMUND = "Jobcenter Dortmund und Polizeipräsidium Dortmund"
DORTMUND_QUOTE = "Damit erklären gleich zwei wichtige Dortmunder Akteure sozusagen im Doppelpack"


def test_citizen_searches_filters_and_reads_a_quote(page):
    page.goto("/")
    expect(page).to_have_title(re.compile("Startseite"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vielfalt verbindet!")

    page.get_by_role("link", name="Alle Partner ansehen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wir sind Partner")
    expect(page.get_by_role("heading", name=re.compile(r"^\d+ Partner gefunden"))).to_be_visible()

    page.get_by_label("Suchbegriff").fill("Dortmund")
    page.get_by_role("button", name="Suchen").click()
    expect(page).to_have_url(re.compile(r"/partner/\?.*q=Dortmund"))
    expect(page.get_by_label("Suchbegriff")).to_have_value("Dortmund")
    results = page.locator(".partner-list > li")
    expect(results.first).to_be_visible()
    searched = results.count()

    page.get_by_label("Regierungsbezirk").select_option("arnsberg")
    page.get_by_label("Jahr der Unterzeichnung").select_option("2015")
    page.get_by_role("button", name="Suchen").click()
    expect(page).to_have_url(re.compile(r"region=arnsberg"))
    expect(page.get_by_role("heading", name="1 Partner gefunden")).to_be_visible()
    expect(results).to_have_count(1)
    assert searched >= 1

    page.get_by_role("link", name=DORTMUND).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DORTMUND)
    quote = page.locator("blockquote").first
    expect(quote).to_be_visible()
    expect(quote).to_contain_text(DORTMUND_QUOTE)
    expect(page.locator("figcaption cite").first).to_have_text("Thorsten Klute")
    expect(page.get_by_role("navigation", name="Brotkrümelnavigation")).to_contain_text("Partner")


def _jpeg(path):
    buffer = io.BytesIO()
    image = Image.new("RGB", (640, 400), (0, 87, 126))
    for x in range(200, 440):
        for y in range(120, 280):
            image.putpixel((x, y), (255, 255, 255))
    image.save(buffer, "JPEG", quality=85)
    path.write_bytes(buffer.getvalue())
    return path


def test_editor_creates_and_publishes_a_partner_with_photo(page, editor_credentials, tmp_path):
    username, password = editor_credentials
    photo = _jpeg(tmp_path / "Unterzeichnung Foto.jpg")
    alt_text = "Zwei Personen halten die unterschriebene Vereinbarung in die Kamera"

    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Inhalte verwalten")).to_be_visible()

    page.goto("/admin/partners/partner/add/")
    page.locator("#id_name").press_sequentially("Testkommune Musterstadt")
    # The slug is filled in by the admin's own script: it runs under the strict CSP.
    expect(page.locator("#id_slug")).to_have_value("testkommune-musterstadt")

    # Category: the autocomplete widget (select2 fetching /admin/autocomplete/).
    page.locator("#id_category + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill("Kommune")
    page.locator(".select2-results__option", has_text=re.compile(r"^Kommune$")).click()
    expect(page.locator("#id_category")).to_have_value("1")

    page.locator("#id_city").fill("Musterstadt")
    page.locator("#id_region").select_option("muenster")
    page.locator("#id_signed_on").fill("01.06.2016")
    page.locator("#id_signed_on_precision").select_option("month")

    page.locator("#signatories-group .add-row a").click()
    page.locator("#id_signatories-0-name").fill("Erika Mustermann")
    page.locator("#id_signatories-0-role").fill("Bürgermeisterin")
    page.locator("#id_signatories-0-side").select_option("partner")

    page.locator("#photos-group .add-row a").click()
    page.locator("#id_photos-0-image").set_input_files(photo)
    page.locator("#id_photos-0-alt_text").fill(alt_text)
    page.locator("#id_photos-0-credit").fill("Testbild")

    page.locator("#id_is_published").check()
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Testkommune Musterstadt")

    # On the public site: in the directory, and with the photo on its page.
    page.goto("/partner/?q=Musterstadt")
    expect(page.get_by_role("heading", name="1 Partner gefunden")).to_be_visible()
    page.get_by_role("link", name="Testkommune Musterstadt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Testkommune Musterstadt")
    expect(page.get_by_text("Juni 2016")).to_be_visible()
    expect(page.get_by_text("Bürgermeisterin Erika Mustermann")).to_be_visible()
    image = page.get_by_role("img", name=alt_text)
    expect(image).to_be_visible()
    image.scroll_into_view_if_needed()
    # A JPEG rendition as src, and the browser takes the WebP one (made once on saving).
    expect(image).to_have_attribute(
        "src", re.compile(r"^/media/partners/photos/renditions/[0-9a-f]{32}-640w\.jpg$")
    )
    # (With srcset, naturalWidth is the size the browser gives the chosen file: not 640.)
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0 && img.currentSrc.endsWith('-640w.webp')",
        arg=image.element_handle(),
    )
    expect(page.get_by_text("Foto: Testbild")).to_be_visible()
