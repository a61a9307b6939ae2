"""An organisation follows its partner request on the status page behind its link: each
status the office sets in the admin, a question answered there, and a dead link after the
purge. axe checks the page in every state (it is reachable only through a request)."""

import re

import pytest

from tests.e2e.support import AXE_OPTIONS, log_in, require
from tests.e2e.test_journeys import _take_the_time_a_person_takes
from tests.servers import manage

Axe = require("axe_playwright_python.sync_playwright").Axe
expect = require("playwright.sync_api").expect

pytestmark = pytest.mark.e2e

AXE = Axe()
ORGANISATION = "Verein Statusfreunde"


def _no_axe_violations(page):
    results = AXE.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def _send_request(page):
    page.goto("/partner-werden/")
    form = page.locator("main form", has=page.get_by_role("button", name="Anfrage absenden"))
    form.get_by_label("Name der Organisation").fill(ORGANISATION)
    form.get_by_label("Art der Organisation").select_option(label="Kommune")
    form.get_by_role("textbox", name=re.compile(r"^Ort\W*$")).fill("Bielefeld")
    form.get_by_label("Regierungsbezirk").select_option("detmold")
    form.get_by_label("Website").fill("https://statusfreunde.example")
    form.get_by_label("Name der Ansprechperson").fill("Sami Beispiel")
    form.get_by_label("Funktion der Ansprechperson").fill("Vorstand")
    form.get_by_label("E-Mail-Adresse").fill("sami@statusfreunde.example")
    form.get_by_label("Geplante Maßnahmen").fill("Mehrsprachige Beratung.")
    form.get_by_label("Ihre Nachricht an uns").fill("Bis bald.")
    form.get_by_role("checkbox", name=re.compile("Datenschutzhinweise gelesen")).check()
    _take_the_time_a_person_takes(page)
    form.get_by_role("button", name="Anfrage absenden").click()
    expect(page).to_have_url(re.compile(r"/partner-werden/danke/$"))


def _set(admin, change_url, status, **fields):
    admin.goto(change_url)
    admin.locator("#id_status").select_option(status)
    for name, value in fields.items():
        admin.locator(f"#id_{name}").fill(value)
    admin.locator("input[name=_continue]").click()
    expect(admin.locator(".messagelist")).to_contain_text("erfolgreich geändert")


def test_status_link_follows_the_admin_takes_an_answer_and_dies_with_the_purge(
    browser, server, page, editor_credentials
):
    _send_request(page)

    context = browser.new_context(base_url=server.url, locale="de-DE")
    admin = context.new_page()
    log_in(admin, *editor_credentials)
    admin.goto(f"/admin/contact/partnerrequest/?q={ORGANISATION.replace(' ', '+')}")
    row = admin.get_by_role("row", name=re.compile(ORGANISATION))
    row.get_by_role("checkbox").check()
    admin.locator("select[name=action]").select_option("create_status_links")
    admin.locator("button[name=index]").click()
    status_link = admin.locator(".messagelist a[href*='/partner-werden/status/']")
    status_url = status_link.get_attribute("href").removeprefix(server.url)
    assert re.fullmatch(r"/partner-werden/status/[^/]+/", status_url)
    admin.locator("#result_list tbody tr a", has_text=ORGANISATION).click()
    change_url = admin.url

    page.goto(status_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Stand Ihrer Anfrage")
    expect(page.locator(".request-status")).to_have_text("Eingegangen")
    expect(page.locator("main")).to_contain_text(ORGANISATION)
    expect(page.locator("main")).not_to_contain_text("sami@statusfreunde.example")
    _no_axe_violations(page)

    _set(admin, change_url, "in_progress")
    page.reload()
    expect(page.locator(".request-status")).to_have_text("In Prüfung")

    _set(admin, change_url, "question", question="Wie viele Menschen beraten Sie im Jahr?")
    page.reload()
    expect(page.locator(".request-status")).to_have_text("Rückfrage")
    expect(page.locator(".request-question")).to_have_text(
        "Wie viele Menschen beraten Sie im Jahr?"
    )
    _no_axe_violations(page)
    answer = page.get_by_label("Ihre Antwort")
    page.get_by_role("button", name="Antwort senden").click()  # empty: the summary says so
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Bitte schreiben Sie Ihre Antwort.")
    _no_axe_violations(page)
    answer.fill("Etwa 300 im Jahr.")
    _take_the_time_a_person_takes(page)
    page.get_by_role("button", name="Antwort senden").click()  # with the CSRF check on
    expect(page.get_by_role("status")).to_contain_text("Ihre Antwort ist am")
    admin.goto(change_url)
    expect(admin.locator(".fieldBox.field-answer")).to_contain_text("Etwa 300 im Jahr.")

    _set(admin, change_url, "accepted", signing_date="2030-05-14", signing_place="Düsseldorf")
    page.reload()
    expect(page.locator(".request-status")).to_have_text("Angenommen – Unterzeichnung geplant")
    expect(page.locator("main")).to_contain_text("Dienstag, 14. Mai 2030")
    expect(page.locator("main")).to_contain_text("Düsseldorf")
    _no_axe_violations(page)

    _set(admin, change_url, "rejected", decision_text="Bitte melden Sie sich nächstes Jahr.")
    page.reload()
    expect(page.locator(".request-status")).to_have_text("Abgelehnt")
    expect(page.locator("main")).to_contain_text("Bitte melden Sie sich nächstes Jahr.")
    timeline = page.locator(".request-timeline li")
    expect(timeline).to_have_count(5)
    _no_axe_violations(page)
    context.close()

    # Closed long enough ago: the retention rules purge it, and the link is dead.
    manage(
        server.env,
        "shell",
        "-c",
        "import datetime; from django.utils import timezone; "
        "from contact.models import PartnerRequest; "
        f"PartnerRequest.objects.filter(organisation={ORGANISATION!r}).update("
        "closed_at=timezone.now() - datetime.timedelta(days=10000))",
    )
    manage(server.env, "purge_submissions")
    page.browser_log.expected_statuses[server.url + status_url] = 404
    response = page.goto(status_url)
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Statuslink ungültig")
    _no_axe_violations(page)
