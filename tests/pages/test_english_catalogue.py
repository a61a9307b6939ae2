"""The English catalogue (locale/en/LC_MESSAGES/django.po) covers every German text of the
interface, and English pages show no German interface text.

Editors' content stays German (marked lang="de"); everything around it is translated.
"""

import contextlib
import re
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

from tests.public_pages import PUBLIC_PAGES
from tests.servers import require_binary

CATALOGUE = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
# The same folders `make messages` leaves out (hidden ones are left out by Django).
NOT_SCANNED = {"locale", "staticfiles", "bench"}

PYTHON_PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACE_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def read_catalogue(path=CATALOGUE):
    with open(path, "rb") as handle:
        return read_po(handle)


def placeholders(text, flags):
    found = []
    if "python-format" in flags:
        found += PYTHON_PLACEHOLDER.findall(text)
    if "python-brace-format" in flags:
        found += BRACE_PLACEHOLDER.findall(text)
    return sorted(found)


def problems(catalogue):
    """Every entry that would show German (or break) on an English page, with the reason."""
    found = []
    for message in catalogue:
        if not message.id:
            continue
        ids = list(message.id) if message.pluralizable else [message.id]
        strings = list(message.string) if message.pluralizable else [message.string]
        # English has two forms: the singular for msgid, the plural for msgid_plural.
        pairs = list(zip(ids, strings, strict=True))
        name = ids[0][:60]
        if message.fuzzy:
            found.append(f"{name!r}: fuzzy")
        if not all(strings):
            found.append(f"{name!r}: not translated")
            continue
        for msgid, msgstr in pairs:
            if placeholders(msgid, message.flags) != placeholders(msgstr, message.flags):
                found.append(f"{name!r}: placeholders differ in {msgstr!r}")
    return found


def test_every_entry_has_an_english_translation_with_the_same_placeholders():
    assert problems(read_catalogue()) == []


def test_the_check_spots_fuzzy_empty_and_broken_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "Zeit"\nmsgstr "Time"\n\n'
        '#, fuzzy\nmsgid "Zeitraum"\nmsgstr "Time"\n\n'
        'msgid "Leer"\nmsgstr ""\n\n'
        '#, python-format\nmsgid "%(count)d Partner"\nmsgid_plural "%(count)d Partner"\n'
        'msgstr[0] "one partner"\nmsgstr[1] "%(count)d partners"\n\n'
        '#, python-brace-format\nmsgid "{name} angelegt"\nmsgstr "{title} created"\n',
        encoding="utf-8",
    )
    assert problems(read_catalogue(po)) == [
        "'Zeitraum': fuzzy",
        "'Leer': not translated",
        "'%(count)d Partner': placeholders differ in 'one partner'",
        "'{name} angelegt': placeholders differ in '{title} created'",
    ]


def messages_in_the_code(tmp_path):
    """The msgids `make messages` would extract now, without touching the catalogue: the
    project is seen through links from a scratch folder that has its own empty locale/."""
    for entry in settings.BASE_DIR.iterdir():
        if entry.name not in NOT_SCANNED and not entry.name.startswith("."):
            (tmp_path / entry.name).symlink_to(entry)
    with contextlib.chdir(tmp_path):
        call_command("makemessages", all=True, symlinks=True, keep_pot=True, verbosity=0)
    pot = tmp_path / "locale" / "django.pot"
    # The template's placeholder header (nplurals=INTEGER) is more than Babel reads.
    pot.write_text(re.sub(r'^"Plural-Forms: .*\n', "", pot.read_text(), flags=re.M))
    template = read_catalogue(pot)
    return {(message.id, message.context) for message in template if message.id}


def test_the_catalogue_holds_every_text_of_the_code(tmp_path):
    """A text added to the code without `make messages` and a translation fails here."""
    require_binary("xgettext", "gettext")
    with override_settings(LOCALE_PATHS=[str(tmp_path / "locale")]):
        in_code = messages_in_the_code(tmp_path)
    assert len(in_code) > 1000
    catalogue = read_catalogue()
    translated = {
        (message.id, message.context)
        for message in catalogue
        if message.id
        and not message.fuzzy
        and all(message.string if message.pluralizable else [message.string])
    }
    missing = sorted(str(msgid)[:80] for msgid, _context in in_code - translated)
    assert missing == [], "make messages, then translate locale/en/LC_MESSAGES/django.po"


class InterfaceText(HTMLParser):
    """The texts a visitor reads or hears on a page, outside content marked lang="de".

    <meta> is left out: a title or description there may be an editor's German text, and an
    attribute cannot say so.
    """

    READ_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts = []
        self._german = []  # open elements marked lang="de" (tag names)
        self._skip = 0  # inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._german and tag == self._german[-1][0]:
            self._german[-1][1] += 1
        elif attrs.get("lang") == "de" and tag not in self.VOID:
            self._german.append([tag, 1])
            return
        if tag in ("script", "style"):
            self._skip += 1
        if self._german or attrs.get("lang") == "de":
            return
        for name, value in attrs.items():
            if value and name in self.READ_ATTRIBUTES:
                self.texts.append(" ".join(value.split()))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if self._german and tag == self._german[-1][0]:
            self._german[-1][1] -= 1
            if not self._german[-1][1]:
                self._german.pop()

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._german and not self._skip:
            self.texts.append(text)


def german_interface_texts(html, german):
    parser = InterfaceText()
    parser.feed(html)
    return sorted({text for text in parser.texts if text in german})


@pytest.fixture(scope="module")
def german():
    """German msgids whose English differs: seen on an English page, they are untranslated."""
    catalogue = read_catalogue()
    return {
        " ".join(message.id.split())
        for message in catalogue
        if message.id and not message.pluralizable and message.string != message.id
    }


def test_the_scanner_reads_text_and_labels_but_not_german_content(german):
    html = (
        '<html lang="en"><head><meta name="description" content="Partner suchen"></head>'
        '<body><a class="skip-link">Zum Inhalt springen</a><p>Skip to content</p>'
        '<input type="search" placeholder="Suchbegriff">'
        '<button aria-label="Vorherige Seite">&lt;</button>'
        '<div class="rich-text" lang="de"><div><p>Zur Startseite</p></div><p>Suche</p></div>'
        '<a lang="de" href="/">Deutsch</a><script>var x = "Kontakt";</script>'
        "<p>Impressum</p></body></html>"
    )
    assert german_interface_texts(html, german) == [
        "Impressum",
        "Suchbegriff",
        "Vorherige Seite",
        "Zum Inhalt springen",
    ]


ENGLISH_PAGES = [
    page for page in PUBLIC_PAGES if page.lang == "de" and not page.path.startswith("/admin/")
]


@pytest.mark.parametrize("page", ENGLISH_PAGES, ids=lambda page: page.name)
def test_the_english_page_shows_no_german_interface_text(seed, german, page):
    client = Client()
    path = f"/en{page.path}"
    if page.form:
        response = client.post(path, page.form, follow=True)
    else:
        response = client.get(path, follow=True)
    assert response.status_code == page.status
    html = response.content.decode()
    assert re.search(r'<html[^>]* lang="en"', html)
    assert german_interface_texts(html, german) == []


@pytest.mark.parametrize(
    ("path", "english"),
    [
        ("/en/massnahmen/", "Search and filter measures"),
        ("/en/massnahmen/beispiel-fortbildung-uebungsleitungen/", "At a glance"),
        ("/en/partner/karte/", "<h1>Partners on the map</h1>"),
        ("/en/bilanz/2015/", "2015 in review"),
    ],
)
def test_new_pages_speak_english_under_en(seed, client, path, english):
    html = client.get(path).content.decode()
    assert english in html
    assert "Zum Inhalt springen" not in html
