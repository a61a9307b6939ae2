"""The seed fixture `fixtures/partners.json` against the source page "Wir sind Partner"."""

import datetime
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import translation

from partners.models import Category, DatePrecision, Link, Partner, Photo, Quote, Signatory

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
FIXTURE_FILE = FIXTURES_DIR / "partners.json"
TYPOS = ("Kaikin", "IIntegration", "Interkulutrelle", "Gruntram", "demogafisch", "Attraktiviät")


@pytest.fixture
def loaded(db):
    call_command("loaddata", "partners", verbosity=0)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Category, Partner, Signatory, Quote, Link, Photo)
    }


def signatories(partner, side, role_in_signing=Signatory.RoleInSigning.SIGNED):
    """The people on one side who signed (or, asked for, who were only present)."""
    return [
        (s.name, s.role)
        for s in partner.signatories.filter(side=side, role_in_signing=role_in_signing)
    ]


def present(partner, side):
    return signatories(partner, side, Signatory.RoleInSigning.PRESENT)


def categories(partner):
    return [category.slug for category in partner.categories.order_by("order")]


@pytest.mark.django_db
def test_fixture_holds_the_23_published_partners(loaded):
    assert Partner.objects.count() == 23
    assert Partner.objects.published().count() == 23
    assert Category.objects.count() == 12
    assert list(Partner.objects.order_by("pk").values_list("pk", flat=True)) == list(range(1, 24))
    assert Partner.objects.get(pk=1).name == "IHK NRW"
    assert Partner.objects.get(pk=23).name == "Bezirksregierung Arnsberg"


@pytest.mark.django_db
def test_loading_twice_creates_no_duplicates(loaded):
    first = counts()
    call_command("loaddata", "partners", verbosity=0)
    assert counts() == first
    assert first == {
        "Category": 12,
        "Partner": 23,
        "Signatory": 43,
        "Quote": 32,
        "Link": 29,
        "Photo": 0,
    }


@pytest.mark.django_db
def test_every_object_is_valid_against_the_model(loaded):
    for model in (Category, Partner, Signatory, Quote, Link):
        for obj in model.objects.all():
            obj.full_clean()


@pytest.mark.django_db
def test_landessportbund(loaded):
    lsb = Partner.objects.get(slug="landessportbund-nrw")
    assert lsb.signed_on == datetime.date(2015, 5, 28)
    assert lsb.signed_on_precision == DatePrecision.DAY
    assert lsb.signing_place == "Dortmund"
    assert lsb.region == "landesweit"
    assert categories(lsb) == ["sport"]
    assert signatories(lsb, "partner") == [("Walter Schneeloch", "Präsident")]
    assert signatories(lsb, "state") == [("Thorsten Klute", "Integrationsstaatssekretär")]


@pytest.mark.django_db
def test_stadt_juelich_is_dated_by_year_only(loaded):
    juelich = Partner.objects.get(slug="stadt-juelich")
    assert juelich.signed_on == datetime.date(2016, 1, 1)
    assert juelich.signed_on_precision == DatePrecision.YEAR
    assert "Interkulturelle Woche 2016" in juelich.signing_occasion
    assert juelich.signed_on_display == "2016"
    assert juelich.signed_on_iso == "2016"
    assert juelich.region == "koeln"
    # "Bei der Unterzeichnung ... sagte Staatssekretär Dr. Schäffer", "Bürgermeister Fuchs
    # sagte": both spoke at the signing; the source does not say who signed.
    assert signatories(juelich, "partner") == signatories(juelich, "state") == []
    assert present(juelich, "partner") == [("Fuchs", "Bürgermeister")]
    assert present(juelich, "state") == [("Dr. Schäffer", "Staatssekretär")]
    assert [q.speaker_name for q in juelich.quotes.all()] == ["Dr. Schäffer", "Fuchs"]


@pytest.mark.django_db
def test_ihk_nrw_has_no_date_and_its_website(loaded):
    ihk = Partner.objects.get(pk=1)
    assert ihk.signed_on is None
    assert ihk.signed_on_precision == DatePrecision.UNKNOWN
    assert ihk.signed_on_display == ""
    assert ihk.website == "https://www.ihk-nrw.de/"
    assert categories(ihk) == ["kammer-wirtschaftsverband"]
    assert "Schulungen zur Vermittlung interkultureller Kompetenz" in ihk.commitment
    assert signatories(ihk, "partner") == [("Ralf Mittelstädt", "Hauptgeschäftsführer")]
    assert ihk.links.filter(kind=Link.Kind.WEBSITE, url="https://www.ihk-nrw.de/").exists()
    assert ihk.links.filter(kind=Link.Kind.MINISTRY_PRESS, url="").count() == 1


@pytest.mark.django_db
def test_stadt_solingen_signed_by_guntram_schneider(loaded):
    solingen = Partner.objects.get(slug="stadt-solingen")
    assert solingen.signed_on == datetime.date(2013, 11, 18)
    assert solingen.signed_on_precision == DatePrecision.DAY
    assert solingen.signing_occasion == "Eröffnung des Landesintegrationskongresses"
    state = signatories(solingen, "state")
    assert [name for name, _ in state] == ["Guntram Schneider"]
    assert signatories(solingen, "partner") == [("Norbert Feith", "Oberbürgermeister")]


@pytest.mark.django_db
def test_wdr(loaded):
    wdr = Partner.objects.get(slug="wdr")
    assert wdr.signed_on == datetime.date(2013, 6, 5)
    assert wdr.signing_place == "Funkhaus Wallraffplatz, Köln"
    assert "Zehn Jahre Integrationsoffensive im WDR" in wdr.signing_occasion
    assert categories(wdr) == ["medien"]
    assert wdr.region == "landesweit"
    assert [q.speaker_name for q in wdr.quotes.all()] == ["Eva-Maria Michel"]
    # Seen on stage holding the signed agreement; who signed, the source does not say.
    assert signatories(wdr, "partner") == signatories(wdr, "state") == []
    state = present(wdr, "state")
    assert len(state) == 1
    assert "Kaykin" in state[0][0]


@pytest.mark.django_db
def test_source_typos_are_fixed_everywhere(loaded):
    text = FIXTURE_FILE.read_text(encoding="utf-8")
    checked = 0
    for model in apps.get_app_config("partners").get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        for values in model.objects.values_list(*fields):
            for value in values:
                checked += 1
                for typo in TYPOS:
                    assert typo not in value, (model.__name__, value)
    assert checked > 500
    for typo in TYPOS:
        assert typo not in text


@pytest.mark.django_db
def test_bezirksregierung_duesseldorf(loaded):
    partner = Partner.objects.get(slug="bezirksregierung-duesseldorf")
    with translation.override("de"):
        assert partner.signed_on_display == "3. November 2015"
    assert partner.signed_on_iso == "2015-11-03"
    assert signatories(partner, "partner") == [("Anne Lütkes", "Regierungspräsidentin")]
    speakers = [q.speaker_name for q in partner.quotes.all()]
    assert speakers == ["Thorsten Klute", "Thorsten Klute", "Anne Lütkes"]
    first, second, _ = partner.quotes.all()
    assert first.text.startswith("Damit ist die Düsseldorfer die zweite Bezirksregierung")
    assert second.text.startswith("Nicht nur die Entwicklung der Flüchtlingszahlen")


@pytest.mark.django_db
def test_joint_and_state_signatories(loaded):
    dortmund = Partner.objects.get(slug="jobcenter-und-polizeipraesidium-dortmund")
    assert dortmund.signed_on == datetime.date(2015, 5, 27)
    assert categories(dortmund) == ["jobcenter", "polizei"]
    assert [n for n, _ in signatories(dortmund, "partner")] == [
        "Frank Neukirchen-Füsers",
        "Gregor Lange",
    ]
    assert signatories(dortmund, "state") == [("Thorsten Klute", "Integrationsstaatssekretär")]
    duisburg = Partner.objects.get(slug="stadt-duisburg")
    # The photo shows all three "bei der Unterzeichnung"; the text names no signatory.
    assert [n for n, _ in present(duisburg, "state")] == [
        "Guntram Schneider",
        "Zülfiye Kaykin",
    ]
    assert present(duisburg, "partner") == [("Sören Link", "Oberbürgermeister")]
    lippe = Partner.objects.get(slug="kreis-lippe")
    assert lippe.region == "detmold"
    assert [n for n, _ in present(lippe, "state")] == ["Zülfiye Kaykin"]
    for name in ("Ralf Plogmann", "Sonja Leidemann"):
        assert Signatory.objects.get(name=name).role == ""
    assert Signatory.objects.get(name="Horst Schiereck").role == (
        "Oberbürgermeister der Stadt Herne"
    )


@pytest.mark.django_db
def test_dates_are_never_invented(loaded):
    undated = set(Partner.objects.filter(signed_on=None).values_list("slug", flat=True))
    assert undated == {
        "ihk-nrw",
        "arbeiter-samariter-bund-regionalverband-ruhr",
        "bezirksregierung-muenster",
    }
    assert not Partner.objects.filter(signed_on=None).exclude(
        signed_on_precision=DatePrecision.UNKNOWN
    )
    assert Partner.objects.get(slug="jobcenter-duisburg").signed_on == datetime.date(2014, 7, 16)


@pytest.mark.django_db
def test_summaries_report_without_repeating_quotes(loaded):
    muenster = Partner.objects.get(slug="bezirksregierung-muenster")
    assert muenster.summary.count("<p>") == 2
    for person in ("Dorothee Feller", "Stephan Bruns", "Markus Söbbecke"):
        assert person in muenster.summary
    for partner in Partner.objects.prefetch_related("quotes"):
        assert partner.summary
        for quote in partner.quotes.all():
            assert quote.text[:40] not in partner.summary, partner.slug
            assert quote.text[0] not in "„“\"‚'", quote.text[:20]
            assert quote.text[-1] not in "„“\"‘'", quote.text[-20:]


@pytest.mark.django_db
def test_only_the_ihk_link_has_an_address_and_there_are_no_photos(loaded):
    urls = set(Link.objects.exclude(url="").values_list("url", flat=True))
    assert urls == {"https://www.ihk-nrw.de/"}
    assert Link.objects.exclude(url="").count() == 1
    assert set(Partner.objects.exclude(website="").values_list("website", flat=True)) == {
        "https://www.ihk-nrw.de/"
    }
    assert Photo.objects.count() == 0
    assert Link.objects.filter(kind=Link.Kind.MINISTRY_PRESS).count() == 11
    assert Link.objects.get(label="Presseerklärung des Jobcenters Dortmund").kind == (
        Link.Kind.PARTNER_PRESS
    )


def test_fixture_file_is_pretty_printed_with_fixed_keys():
    text = FIXTURE_FILE.read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    assert "Zülfiye" in text
    assert all(isinstance(obj["pk"], int) for obj in data)
    for model in {obj["model"] for obj in data}:
        pks = [obj["pk"] for obj in data if obj["model"] == model]
        assert pks == list(range(1, len(pks) + 1)), model


# The source page's 23 entries, in its order (newest first), with the Regierungsbezirk the
# source supports: one district only for a partner of that district alone; "mehrere" for
# one that spans several; "landesweit" for state-wide bodies; "" where the source does not
# say (the ASB's "Regionalverband Ruhr" and the Städtekooperation name no member area).
SOURCE_LIST = [
    ("ihk-nrw", "landesweit"),
    ("arbeiter-samariter-bund-regionalverband-ruhr", ""),
    ("stadt-juelich", "koeln"),
    ("bezirksregierung-muenster", "muenster"),
    ("bezirksregierung-duesseldorf", "duesseldorf"),
    ("landessportbund-nrw", "landesweit"),
    ("jobcenter-und-polizeipraesidium-dortmund", "arnsberg"),
    ("landschaftsverband-rheinland", "mehrere"),
    ("jobcenter-staedteregion-aachen", "koeln"),
    ("jobcenter-duisburg", "duesseldorf"),
    ("stadt-solingen", "duesseldorf"),
    ("multikulturelles-forum-luenen", "arnsberg"),
    ("staedtekooperation-integration-interkommunal", ""),
    ("wdr", "landesweit"),
    ("stadt-und-polizei-gelsenkirchen", "muenster"),
    ("rheinbahn", "duesseldorf"),
    ("caritasverband-kreis-unna", "arnsberg"),
    ("landesverband-volkshochschulen-nrw", "landesweit"),
    ("kreis-soest", "arnsberg"),
    ("stadt-duisburg", "duesseldorf"),
    ("paritaetischer-nrw", "landesweit"),
    ("kreis-lippe", "detmold"),
    ("bezirksregierung-arnsberg", "arnsberg"),
]
SOURCE_ORDER = [slug for slug, _region in SOURCE_LIST]

# Who signed, where the source says so ("hat ... unterzeichnet", "unterzeichnete ...
# zusammen mit"). Everyone else in the fixture only spoke "anlässlich der Unterzeichnung",
# was seen at it, or was "mit dabei".
SIGNED = {
    "ihk-nrw": {"Ralf Mittelstädt", "Thorsten Klute"},
    "arbeiter-samariter-bund-regionalverband-ruhr": {"Annika Schulze Aquack", "Thorsten Klute"},
    "bezirksregierung-muenster": {"Prof. Dr. Reinhard Klenke", "Thorsten Klute"},
    "bezirksregierung-duesseldorf": {"Anne Lütkes", "Thorsten Klute"},
    "landessportbund-nrw": {"Walter Schneeloch", "Thorsten Klute"},
    "jobcenter-und-polizeipraesidium-dortmund": {
        "Frank Neukirchen-Füsers",
        "Gregor Lange",
        "Thorsten Klute",
    },
    "landschaftsverband-rheinland": {"Ulrike Lubek", "Thorsten Klute"},
    "jobcenter-staedteregion-aachen": {"Stefan Graaf", "Thorsten Klute"},
    "jobcenter-duisburg": {"Norbert Maul", "Thorsten Klute"},
    "stadt-solingen": {"Norbert Feith", "Guntram Schneider"},
}


@pytest.mark.django_db
def test_the_list_follows_the_ministrys_order_without_inventing_a_date(loaded):
    assert list(Partner.objects.published().newest_first().values_list("slug", flat=True)) == (
        SOURCE_ORDER
    )
    placed = Partner.objects.exclude(listed_as_of=None)
    assert set(placed.values_list("slug", flat=True)) == {
        "ihk-nrw",
        "arbeiter-samariter-bund-regionalverband-ruhr",
        "bezirksregierung-muenster",
    }
    # Each is placed by the date of a neighbour in the source list, and stays undated.
    for partner in placed:
        assert partner.signed_on is None and partner.signed_on_display == ""
        assert Partner.objects.filter(signed_on=partner.listed_as_of).exists()


@pytest.mark.django_db
def test_joint_signings_belong_to_both_categories(loaded):
    joint = {
        partner.slug: categories(partner)
        for partner in Partner.objects.all()
        if partner.categories.count() > 1
    }
    assert joint == {
        "jobcenter-und-polizeipraesidium-dortmund": ["jobcenter", "polizei"],
        "stadt-und-polizei-gelsenkirchen": ["kommune", "polizei"],
    }
    assert not Partner.objects.filter(categories=None).exists()


@pytest.mark.django_db
def test_regions_only_where_the_source_supports_them(loaded):
    assert dict(Partner.objects.values_list("slug", "region")) == dict(SOURCE_LIST)


@pytest.mark.django_db
def test_signatories_only_where_the_source_says_they_signed(loaded):
    signed = {}
    for person in Signatory.objects.filter(role_in_signing=Signatory.RoleInSigning.SIGNED):
        signed.setdefault(person.partner.slug, set()).add(person.name)
    assert signed == SIGNED
    muenster = Partner.objects.get(slug="bezirksregierung-muenster")
    assert present(muenster, "partner") == [
        ("Dorothee Feller", "Regierungsvizepräsidentin"),
        ("Stephan Bruns", "Integrationsbeauftragter"),
        ("Dr. Markus Söbbecke", "Dezernent im Personaldezernat"),
    ]
    for slug in ("stadt-und-polizei-gelsenkirchen", "rheinbahn", "kreis-soest"):
        partner = Partner.objects.get(slug=slug)
        assert signatories(partner, "partner") == [] and present(partner, "partner")
