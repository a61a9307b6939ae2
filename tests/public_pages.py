"""Every kind of public page, once: the list the quality tests walk.

Two suites read it:

- tests/security/test_third_party.py fetches each page with Django's test client and fails
  when a page (or a stylesheet it links) loads anything from another host;
- tests/e2e/test_accessibility.py opens each page in Chromium (against gunicorn) and runs
  axe-core on it, records every request the browser makes and checks ``lang="de"``.

Both load the seed fixtures named in FIXTURES first, so the paths below may point at seed
content (the fixtures have fixed keys and slugs).

Apps add their pages by appending entries here: press list and details, the contact forms
empty and with errors (``form=...``), the thank-you pages. A page reached by submitting a
form is described by the page that holds the form plus the values to fill in; the tests
submit it (browser: fill by field name, click the form's submit button; test client: POST
the values to the same path and follow redirects).
"""

from dataclasses import dataclass, field

# Seed fixtures the pages below rely on; apps append theirs (e.g. "press").
FIXTURES = ["partners"]


@dataclass(frozen=True)
class PublicPage:
    name: str  # short identifier, used in test ids and screenshots
    path: str
    status: int = 200  # the status of the final page
    form: dict = field(default_factory=dict)  # field name -> value, submitted when given
    axe: bool = True  # our own templates; False for pages whose markup Django owns


PUBLIC_PAGES = [
    PublicPage("startseite", "/"),
    PublicPage("verzeichnis", "/partner/"),
    PublicPage("verzeichnis-seite-2", "/partner/?page=2"),
    PublicPage("verzeichnis-suche", "/partner/?q=Dortmund"),
    PublicPage("verzeichnis-gefiltert", "/partner/?region=arnsberg&year=2015"),
    PublicPage("verzeichnis-leer", "/partner/?q=Zeppelinwerft+Atlantis"),
    PublicPage("verzeichnis-filterfehler", "/partner/?category=gibt-es-nicht&year=1800"),
    PublicPage("partner", "/partner/jobcenter-und-polizeipraesidium-dortmund/"),
    PublicPage("partner-landesweit", "/partner/landessportbund-nrw/"),
    PublicPage("nicht-gefunden", "/gibt-es-nicht/", status=404),
    PublicPage("partner-nicht-gefunden", "/partner/gibt-es-nicht/", status=404),
    # The editors' login page is public too; its markup is Django's admin.
    PublicPage("redaktion-anmeldung", "/admin/login/", axe=False),
    # Extension list: press (issue 3) and contact (issue 4) append their pages here,
    # e.g. PublicPage("presse", "/presse/"), PublicPage("partner-werden-fehler",
    # "/partner-werden/", form={"organisation": ""}), ...
]
