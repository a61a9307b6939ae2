"""The portal as people use it, in a real browser against the real server.

The four journeys the portal serves (a citizen, an organisation asking to become a partner, an
editor, a journalist) and the English version reached through the language switch.
"""

import datetime
import io
import re
import zoneinfo

import pytest
from django.utils import translation
from PIL import Image

from tests.e2e.support import FORM_MIN_SECONDS, log_in, require

expect = require("playwright.sync_api").expect
icalendar = require("icalendar")

pytestmark = pytest.mark.e2e

DORTMUND = "Jobcenter Dortmund und Polizeipräsidium Dortmund"
DORTMUND_QUOTE = "Damit erklären gleich zwei wichtige Dortmunder Akteure sozusagen im Doppelpack"


# True once nothing follows the caret in the editable element (the caret is at its end).
CARET_AT_END = """editor => {
    const selection = getSelection();
    if (!selection.rangeCount || !editor.contains(selection.focusNode)) return false;
    const rest = document.createRange();
    rest.selectNodeContents(editor);
    rest.setStart(selection.focusNode, selection.focusOffset);
    return rest.toString() === "";
}"""


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


def _log_out(page):
    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_role("heading", name="Abgemeldet")).to_be_visible()


def _waiting_for_approval(page):
    """The desk's block of items that wait for the logged-in approver."""
    return page.locator(
        "section.desk-block",
        has=page.get_by_role("heading", name=re.compile("^Wartet auf meine Freigabe")),
    )


def _approve_from_the_desk(page, approver_credentials, title):
    """The approver finds the item on the desk and approves it in its change form."""
    log_in(page, *approver_credentials)
    _waiting_for_approval(page).get_by_role("link", name=title).click()
    page.get_by_role("button", name="Freigeben", exact=True).click()
    expect(page.locator(".messagelist .success").first).to_contain_text("freigegeben")


def test_editor_creates_and_publishes_a_partner_with_photo(
    page, editor_credentials, approver_credentials, tmp_path
):
    username, password = editor_credentials
    photo = _jpeg(tmp_path / "Unterzeichnung Foto.jpg")
    alt_text = "Zwei Personen halten die unterschriebene Vereinbarung in die Kamera"

    log_in(page, username, password)

    page.goto("/admin/partners/partner/add/")
    page.locator("#id_name").press_sequentially("Testkommune Musterstadt")
    # The slug is filled in by the admin's own script: it runs under the strict CSP.
    expect(page.locator("#id_slug")).to_have_value("testkommune-musterstadt")

    # Categories: the autocomplete widget (select2 fetching /admin/autocomplete/).
    page.locator("#id_categories + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill("Kommune")
    page.locator(".select2-results__option", has_text=re.compile(r"^Kommune$")).click()
    expect(page.locator("#id_categories")).to_have_values(["1"])

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

    page.get_by_role("button", name="Zur Freigabe einreichen").click()
    expect(page.locator(".messagelist .success").first).to_contain_text("Testkommune Musterstadt")
    _log_out(page)
    _approve_from_the_desk(page, approver_credentials, "Testkommune Musterstadt")

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


def _link_the_last_word(page, field, address):
    """Select the word before the cursor and make it a link with the editor's dialog."""
    page.keyboard.press("Control+Shift+ArrowLeft")
    link_button = page.locator(field).get_by_role("button", name="Link einfügen oder bearbeiten")
    # The editor reads the selection from the browser a moment later; then it offers a link.
    expect(link_button).not_to_have_class(re.compile(r"\bdisabled\b"))
    link_button.click()
    page.get_by_label("URL").fill(address)
    page.keyboard.press("Enter")


def test_redaktion_submits_a_press_release_and_freigabe_compares_and_approves_it(
    page, writer_credentials, approver_credentials
):
    title = "Vier Augen sehen mehr"
    log_in(page, *writer_credentials)
    page.goto("/admin/press/pressrelease/add/")
    page.locator("#id_title").press_sequentially(title)
    teaser = page.get_by_role("textbox", name="Vorspann")
    teaser.click()
    page.keyboard.type("Eine Mitteilung, die erst nach der Freigabe erscheint, mit Programm")
    _link_the_last_word(page, ".field-teaser", "https://www.example.org/programm/")
    expect(teaser.locator("a")).to_have_text("Programm")
    body = page.get_by_role("textbox", name="Text", exact=True)
    body.click()
    page.keyboard.type("Erster Absatz.")
    # Redaktion has no way to publish: no such button, no such field.
    expect(page.get_by_role("button", name="Freigeben", exact=True)).to_have_count(0)
    expect(page.locator("#id_is_published")).to_have_count(0)
    page.get_by_role("button", name="Sichern und weiter bearbeiten").first.click()
    expect(page.locator(".messagelist .success").first).to_contain_text("erfolgreich")

    # A second version: the programme as a list, then off for approval.
    # Focus without a click: a click's caret may land after the key press and split the text.
    body.focus()
    page.keyboard.press("Control+End")
    page.wait_for_function(CARET_AT_END, arg=body.element_handle())
    page.keyboard.press("Enter")
    page.locator(".field-body").get_by_role("button", name="Aufzählung").click()
    expect(body.locator("ul li")).to_have_count(1)
    page.keyboard.type("Begrüßung")
    page.keyboard.press("Enter")
    page.keyboard.type("Podiumsgespräch")
    page.get_by_role("button", name="Zur Freigabe einreichen").click()
    expect(page.locator(".messagelist .success").first).to_contain_text("eingereicht")
    page.goto("/admin/")
    drafts = page.locator(
        "section.desk-block", has=page.get_by_role("heading", name=re.compile("^Meine Entwürfe"))
    )
    expect(drafts.get_by_role("link", name=title)).to_be_visible()
    _log_out(page)

    page.goto("/presse/")
    expect(page.get_by_text(title)).to_have_count(0)

    # The approver looks at what changed between the writer's two versions.
    log_in(page, *approver_credentials)
    _waiting_for_approval(page).get_by_role("link", name=title).click()
    page.get_by_role("link", name="Geschichte").click()
    # The newest two versions are chosen already.
    page.get_by_role("button", name="Vergleichen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Versionen vergleichen")
    text = page.locator("#content-main h2", has_text=re.compile("^Text$"))
    change = text.locator("xpath=following-sibling::div[1]")
    for item in ["Begrüßung", "Podiumsgespräch"]:
        expect(change.locator("ins", has_text=item).first).to_be_visible()

    page.goto("/admin/")
    _waiting_for_approval(page).get_by_role("link", name=title).click()
    page.get_by_role("button", name="Freigeben", exact=True).click()
    expect(page.locator(".messagelist .success").first).to_contain_text("freigegeben")

    page.goto("/presse/")
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    link = page.locator(".press-teaser a")
    expect(link).to_have_text("Programm")
    expect(link).to_have_attribute("href", "https://www.example.org/programm/")
    expect(page.locator(".press-body ul li")).to_have_text(["Begrüßung", "Podiumsgespräch"])
    expect(page.locator(".press-body p").first).to_have_text("Erster Absatz.")


def _take_the_time_a_person_takes(page):
    """The server refuses a form sent sooner than FORM_MIN_SECONDS after it was rendered."""
    page.wait_for_timeout((FORM_MIN_SECONDS + 0.5) * 1000)


def test_organisation_corrects_its_partner_request_and_reaches_the_thank_you_page(
    page, editor_credentials
):
    page.goto("/")
    main_navigation = page.get_by_role("navigation", name="Hauptnavigation")
    main_navigation.get_by_role("link", name="Partner werden").click()
    expect(page).to_have_url(re.compile(r"/partner-werden/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner werden")
    expect(page.get_by_role("alert")).to_have_count(0)

    form = page.locator("main form", has=page.get_by_role("button", name="Anfrage absenden"))
    organisation = form.get_by_label("Name der Organisation")
    organisation.fill("Stadt Beispielhausen")
    form.get_by_label("Art der Organisation").select_option(label="Kommune")
    city = form.get_by_role("textbox", name=re.compile(r"^Ort\W*$"))  # label "Ort*"
    city.fill("Beispielhausen")
    form.get_by_label("Regierungsbezirk").select_option("muenster")
    form.get_by_label("Website").fill("https://www.beispielhausen.example")
    form.get_by_label("Name der Ansprechperson").fill("Erika Mustermann")
    form.get_by_label("Funktion der Ansprechperson").fill("Integrationsbeauftragte")
    email = form.get_by_label("E-Mail-Adresse")
    email.fill("erika.beispielhausen.example")  # the @ forgotten
    form.get_by_label("Telefon (freiwillig)").fill("0251 123456")
    measures = form.get_by_label("Geplante Maßnahmen")
    measures.fill("Fortbildungen zur interkulturellen Kompetenz.\n\nMehrsprachige Aushänge.")
    form.get_by_label("Ihre Nachricht an uns").fill("Wir freuen uns auf die Zusammenarbeit.")
    consent = form.get_by_role("checkbox", name=re.compile("Datenschutzhinweise gelesen"))
    expect(consent).not_to_be_checked()  # and left so: the second mistake
    _take_the_time_a_person_takes(page)
    form.get_by_role("button", name="Anfrage absenden").click()

    # The error summary at the top has the focus and names exactly the two mistakes.
    expect(page).to_have_title(re.compile(r"^Fehler: Partner werden"))
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Bitte prüfen Sie Ihre Eingaben")
    assert summary.evaluate(
        "el => !!(el.compareDocumentPosition(document.querySelector('main form'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING)"
    ), "the summary comes before the form"
    expect(summary.get_by_role("listitem")).to_have_count(2)
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)
    expect(links.nth(0)).to_have_attribute("href", "#id_email")
    expect(links.nth(0)).to_contain_text("E-Mail-Adresse: Bitte geben Sie eine gültige")
    expect(links.nth(1)).to_have_attribute("href", "#id_consent")
    expect(links.nth(1)).to_contain_text("Bitte bestätigen Sie")

    # What was typed is still there; the wrong field says what is wrong.
    expect(organisation).to_have_value("Stadt Beispielhausen")
    expect(form.get_by_label("Art der Organisation").locator("option:checked")).to_have_text(
        "Kommune"
    )
    expect(city).to_have_value("Beispielhausen")
    expect(form.get_by_label("Regierungsbezirk")).to_have_value("muenster")
    expect(form.get_by_label("Website")).to_have_value("https://www.beispielhausen.example")
    expect(form.get_by_label("Name der Ansprechperson")).to_have_value("Erika Mustermann")
    expect(form.get_by_label("Telefon (freiwillig)")).to_have_value("0251 123456")
    expect(measures).to_have_value(re.compile(r"^Fortbildungen.*Mehrsprachige Aushänge\.$", re.S))
    expect(email).to_have_value("erika.beispielhausen.example")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description(re.compile("gültige E-Mail-Adresse"))

    # The summary's links lead to the fields; the organisation corrects both mistakes.
    links.nth(0).click()
    expect(email).to_be_focused()
    email.fill("erika@beispielhausen.example")
    links.nth(1).click()
    expect(consent).to_be_focused()
    page.keyboard.press("Space")
    expect(consent).to_be_checked()
    _take_the_time_a_person_takes(page)
    form.get_by_role("button", name="Anfrage absenden").click()

    expect(page).to_have_url(re.compile(r"/partner-werden/danke/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihre Anfrage")
    expect(page.get_by_role("heading", name="Wie es weitergeht")).to_be_visible()
    steps = page.locator("main ol.steps > li")
    expect(steps).to_have_count(3)
    expect(steps.nth(0)).to_contain_text("Eingangsbestätigung")
    expect(steps.nth(1)).to_contain_text("Das Ministerium prüft Ihre Anfrage")
    expect(steps.nth(2)).to_contain_text("Unterzeichnung der Vereinbarung")

    # Saved once: the editorial team finds the request in the admin.
    log_in(page, *editor_credentials)
    page.goto("/admin/contact/partnerrequest/?q=Beispielhausen")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Stadt Beispielhausen")
    expect(rows).to_contain_text("Kommune")


NOTICE_TITLE = (
    "Integrationsstaatssekretär Klute spricht über Integration durch Städtepartnerschaften"
)
NOTICE_PATH = "/presse/termine/klute-integration-durch-staedtepartnerschaften/"
NOTICE_ADDRESS = "Europazentrum NRW, Großer Saal, Steinstraße 48, 44147 Dortmund"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def test_journalist_opens_a_terminhinweis_and_downloads_its_ics(page):
    page.goto("/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Presse"
    ).click()
    expect(page).to_have_url(re.compile(r"/presse/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Pressemitteilungen und Terminhinweise"
    )

    page.get_by_role("link", name=NOTICE_TITLE).click()
    expect(page).to_have_url(re.compile(re.escape(NOTICE_PATH) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(NOTICE_TITLE)
    when_where = page.get_by_role("region", name="Zeit und Ort")
    when = when_where.locator("time")
    expect(when).to_have_text("Freitag, 31. März 2017, ab 14:00 Uhr")
    expect(when).to_have_attribute("datetime", "2017-03-31T14:00:00+02:00")
    place = when_where.locator("dt", has_text="Ort").locator("xpath=following-sibling::dd[1]")
    expect(place).to_have_text(
        re.compile(r"^Europazentrum NRW\s*Großer Saal\s*Steinstraße 48\s*44147 Dortmund$")
    )
    expect(when_where).to_contain_text("Auslandsgesellschaft Deutschland")

    with page.expect_download() as download_info:
        when_where.get_by_role("link", name=re.compile(r"^In den Kalender")).click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename.endswith(".ics")
    with open(download.path(), "rb") as ics:
        calendar = icalendar.Calendar.from_ical(ics.read())

    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"
    start = event.decoded("dtstart")
    assert start == datetime.datetime(2017, 3, 31, 14, 0, tzinfo=BERLIN)
    assert start.utcoffset() == datetime.timedelta(hours=2)  # summer time since 26 March
    assert str(event["summary"]) == NOTICE_TITLE
    assert str(event["location"]) == NOTICE_ADDRESS
    assert re.fullmatch(r"[0-9a-f-]{36}", str(event["uid"]))
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["url"]).endswith(NOTICE_PATH)
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def _english(text):
    """The English translation of a German message; None while the catalogue lacks it.

    The test process reads the same compiled catalogue (locale/en/LC_MESSAGES/django.mo)
    as the e2e server.
    """
    with translation.override("en"):
        english = translation.gettext(text)
    return None if english == text else english


def _language_link(page, language):
    """The header's link to the other language version (the list is named in either one)."""
    return page.get_by_role("banner").get_by_role("link", name=language, exact=True)


def _switch_to(page, language):
    _language_link(page, language).click()


def test_visitor_switches_to_english_and_back(page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    english = _language_link(page, "English")
    expect(english).to_have_attribute("hreflang", "en")
    expect(english).to_have_attribute("lang", "en")
    _switch_to(page, "English")

    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_have_attribute("href", "#inhalt")
    back = _language_link(page, "Deutsch")
    expect(back).to_have_attribute("hreflang", "de")
    expect(back).to_have_attribute("lang", "de")
    expect(english).to_have_count(0)  # no link to the page one is on
    _switch_to(page, "Deutsch")

    expect(page).to_have_url(re.compile(r"^[^?#]*://[^/]+/$"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(skip_link).to_have_text("Zum Inhalt springen")
    expect(english).to_be_visible()


def test_english_pages_skip_link_reads_skip_to_content(page):
    if not _english("Zum Inhalt springen"):
        pytest.skip(
            "Englischer Katalog ohne Übersetzung von „Zum Inhalt springen“ "
            "(locale/en/LC_MESSAGES/django.mo fehlt oder ist unvollständig; make install)"
        )
    page.goto("/")
    _switch_to(page, "English")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    expect(skip_link).to_have_text("Skip to content")
    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_have_id("inhalt")
