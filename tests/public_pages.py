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
from pathlib import Path

# Seed fixtures the pages below rely on; apps append theirs (e.g. "press"). The seed names
# no measures (the source names none): the example measures are test data only.
FIXTURES = [
    "partners",
    "press",
    "pages",
    str(Path(__file__).resolve().parent / "fixtures" / "measures_example.json"),
]


@dataclass(frozen=True)
class PublicPage:
    name: str  # short identifier, used in test ids and screenshots
    path: str
    status: int = 200  # the status of the final page
    form: dict = field(default_factory=dict)  # field name -> value, submitted when given
    axe: bool = True  # our own templates; False for pages whose markup Django owns
    lang: str = "de"  # the page's language (<html lang>)


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
    PublicPage("statistik", "/partner/statistik/"),
    PublicPage("offene-daten", "/partner/offene-daten/"),
    PublicPage("karte", "/partner/karte/"),
    PublicPage("bilanz", "/bilanz/2015/"),
    PublicPage("bilanz-nicht-gefunden", "/bilanz/1999/", status=404),
    # Press.
    PublicPage("presse", "/presse/"),
    PublicPage("presse-archiv-2017", "/presse/?year=2017&kind=notice"),
    PublicPage("presse-filterfehler", "/presse/?year=20x5&kind=unbekannt"),
    PublicPage("termine", "/presse/termine/"),
    PublicPage("terminhinweis", "/presse/termine/klute-integration-durch-staedtepartnerschaften/"),
    PublicPage("presse-nicht-gefunden", "/presse/mitteilungen/gibt-es-nicht/", status=404),
    # Forms, empty and with errors, and the thank-you pages.
    PublicPage("partner-werden", "/partner-werden/"),
    PublicPage(
        "partner-werden-fehler",
        "/partner-werden/",
        form={"organisation": "Stadt Beispiel", "email": "keine-adresse"},
    ),
    PublicPage("partner-werden-danke", "/partner-werden/danke/"),
    PublicPage("kontakt", "/kontakt/"),
    PublicPage("kontakt-fehler", "/kontakt/", form={"name": "Erika", "email": "x@"}),
    PublicPage("kontakt-danke", "/kontakt/danke/"),
    # Staff-edited pages and the site search.
    PublicPage("datenschutz", "/datenschutz/"),
    PublicPage("impressum", "/impressum/"),
    PublicPage("barrierefreiheit", "/barrierefreiheit/"),
    PublicPage("leichte-sprache", "/leichte-sprache/"),
    PublicPage("suche", "/suche/?q=Integration"),
    PublicPage("suche-leer", "/suche/?q=Zeppelinwerft"),
    # English.
    PublicPage("englisch-startseite", "/en/", lang="en"),
    PublicPage("englisch-verzeichnis", "/en/partner/?region=koeln", lang="en"),
    PublicPage("englisch-partner", "/en/partner/landessportbund-nrw/", lang="en"),
    PublicPage("englisch-kontakt", "/en/kontakt/", lang="en"),
    # Measures (test data: tests/fixtures/measures_example.json).
    PublicPage("massnahmen", "/massnahmen/"),
    PublicPage(
        "massnahmen-gefiltert",
        "/massnahmen/?status=laufend&region=arnsberg&field=service-und-mehrsprachigkeit",
    ),
    PublicPage("massnahmen-leer", "/massnahmen/?q=Zeppelinwerft+Atlantis"),
    PublicPage("massnahme", "/massnahmen/beispiel-fortbildung-uebungsleitungen/"),
    PublicPage("massnahmen-offene-daten", "/massnahmen/offene-daten/"),
    PublicPage("berichtslink-unbekannt", "/berichten/gibt-es-nicht/", status=404),
    PublicPage("berichten", "/berichten/beispiel-berichtslink-nur-fuer-tests/"),
    PublicPage(
        "berichten-fehler",
        "/berichten/beispiel-berichtslink-nur-fuer-tests/",
        form={"title": "Sprachcafé", "start_year": "2025", "end_year": "2020"},
    ),
]
