"""The partner list as open data: one schema, written as CSV and as JSON.

The schema below is the single source for both formats and for the documentation page
/partner/offene-daten/, so that what is documented is what is written. Add columns only at
the end and raise the minor SCHEMA_VERSION when you do; a field that changes its form or
meaning raises the major version and is described in SCHEMA_CHANGES.
"""

import csv
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header, urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Region

SCHEMA_VERSION = "2.0"
# What changed with each version that is not only new fields at the end (newest first).
SCHEMA_CHANGES = [
    (
        "2.0",
        gettext_lazy(
            "„category“ und „category_name“ sind Listen (eine gemeinsame Unterzeichnung "
            "zweier Organisationen gehört zu beiden Kategorien); „region“ kennt „mehrere“; "
            "„partner_signatories“ und „state_signatories“ nennen nur noch, wer nach der "
            "Quelle unterzeichnet hat; wer nur anwesend war, steht in den neuen Feldern "
            "„partner_present“ und „state_present“; die Reihenfolge folgt der Liste des "
            "Ministeriums."
        ),
    ),
]
PUBLISHER = "Ministerium für Arbeit, Integration und Soziales des Landes Nordrhein-Westfalen"
LICENSE = {
    "name": "Datenlizenz Deutschland – Zero – Version 2.0",
    "id": "dl-de/zero-2-0",
    "url": "https://www.govdata.de/dl-de/zero-2-0",
}
# The data are German; the export does not follow the visitor's interface language.
DATA_LANGUAGE = "de"
CSV_DELIMITER = ";"
FILENAME_STEM = "vielfalt-verbindet-partner"
# Spreadsheets run cells starting with these as formulas; CSV cells get a leading apostrophe.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    example: str


FIELDS = [
    Field("id", gettext_lazy("Ganzzahl"), gettext_lazy("Feste Nummer des Eintrags."), "3"),
    Field("name", gettext_lazy("Text"), gettext_lazy("Name der Organisation."), "Stadt Jülich"),
    Field(
        "slug",
        gettext_lazy("Text"),
        gettext_lazy("Kürzel in der Adresse der Partnerseite."),
        "stadt-juelich",
    ),
    Field(
        "url",
        gettext_lazy("URL"),
        gettext_lazy("Vollständige Adresse der Partnerseite in diesem Portal."),
        "https://…/partner/stadt-juelich/",
    ),
    Field(
        "category",
        gettext_lazy("Liste"),
        gettext_lazy(
            "Kürzel der Kategorien, wie im Filter „category“; eine gemeinsame Unterzeichnung "
            "zweier Organisationen hat mehrere. CSV: durch „; “ getrennt. JSON: Liste."
        ),
        "kommune; polizei",
    ),
    Field(
        "category_name",
        gettext_lazy("Liste"),
        gettext_lazy("Namen der Kategorien, in derselben Reihenfolge; Form wie oben."),
        "Kommune; Polizei",
    ),
    Field(
        "city", gettext_lazy("Text oder leer"), gettext_lazy("Sitz der Organisation."), "Jülich"
    ),
    Field(
        "region",
        gettext_lazy("Text oder leer"),
        gettext_lazy(
            "Kürzel des Regierungsbezirks, wie im Filter „region“: arnsberg, detmold, "
            "duesseldorf, koeln, muenster; mehrere (in mehreren Regierungsbezirken tätig) oder "
            "landesweit. Leer, wenn die Quelle es nicht belegt."
        ),
        "koeln",
    ),
    Field(
        "region_name",
        gettext_lazy("Text oder leer"),
        gettext_lazy("Name des Regierungsbezirks."),
        "Köln",
    ),
    Field(
        "signed_on",
        gettext_lazy("Datum (ISO 8601) oder leer"),
        gettext_lazy(
            "Datum der Unterzeichnung, so genau wie bekannt: JJJJ-MM-TT, JJJJ-MM oder JJJJ."
        ),
        "2016",
    ),
    Field(
        "signed_on_precision",
        gettext_lazy("Text"),
        gettext_lazy("Genauigkeit des Datums: day, month, year oder unknown."),
        "year",
    ),
    Field(
        "signing_place",
        gettext_lazy("Text oder leer"),
        gettext_lazy("Ort der Unterzeichnung."),
        "Jülich",
    ),
    Field(
        "signing_occasion",
        gettext_lazy("Text oder leer"),
        gettext_lazy("Anlass der Unterzeichnung."),
        "Interkulturelle Woche 2016",
    ),
    Field(
        "partner_signatories",
        gettext_lazy("Liste"),
        gettext_lazy(
            "Wer nach der Quelle für den Partner unterschrieben hat, mit der Funktion zur Zeit "
            "der Unterzeichnung. CSV: „Funktion Name“, mehrere durch „; “ getrennt. "
            "JSON: Liste von Objekten mit „name“ und „role“."
        ),
        "Regierungspräsidentin Anne Lütkes",
    ),
    Field(
        "state_signatories",
        gettext_lazy("Liste"),
        gettext_lazy("Wer für das Land Nordrhein-Westfalen unterschrieben hat; Form wie oben."),
        "Integrationsstaatssekretär Thorsten Klute",
    ),
    Field(
        "website",
        gettext_lazy("URL oder leer"),
        gettext_lazy("Website der Organisation."),
        "https://www.ihk-nrw.de/",
    ),
    Field(
        "updated_at",
        gettext_lazy("Zeitpunkt (ISO 8601)"),
        gettext_lazy("Letzte Änderung des Eintrags, mit Zeitzone."),
        "2026-11-25T13:00:00+01:00",
    ),
    Field(
        "partner_present",
        gettext_lazy("Liste"),
        gettext_lazy(
            "Wer für den Partner bei der Unterzeichnung anwesend war oder dort sprach, ohne "
            "dass die Quelle eine Unterschrift nennt; Form wie „partner_signatories“."
        ),
        "Bürgermeister Fuchs",
    ),
    Field(
        "state_present",
        gettext_lazy("Liste"),
        gettext_lazy("Dasselbe für das Land Nordrhein-Westfalen."),
        "Staatssekretär Dr. Schäffer",
    ),
]
FIELD_NAMES = [field.name for field in FIELDS]


def _people(people):
    return [{"name": person.name, "role": person.role or None} for person in people]


def partner_record(partner, request):
    """One partner as a dict of FIELD_NAMES; empty values are None."""
    region = Region(partner.region) if partner.region in Region.values else None
    categories = partner.category_list
    record = {
        "id": partner.pk,
        "name": partner.name,
        "slug": partner.slug,
        "url": request.build_absolute_uri(partner.get_absolute_url()),
        "category": [category.slug for category in categories],
        "category_name": [category.name for category in categories],
        "city": partner.city or None,
        "region": region.value if region else None,
        "region_name": str(region.label) if region else None,
        "signed_on": partner.signed_on_iso or None,
        "signed_on_precision": partner.signed_on_precision,
        "signing_place": partner.signing_place or None,
        "signing_occasion": partner.signing_occasion or None,
        "partner_signatories": _people(partner.partner_signatories()),
        "state_signatories": _people(partner.state_signatories()),
        "website": partner.website or None,
        "updated_at": timezone.localtime(partner.updated_at).isoformat(timespec="seconds"),
        "partner_present": _people(partner.partner_present()),
        "state_present": _people(partner.state_present()),
    }
    return record


def _csv_item(item):
    """A list item in a CSV cell; other exports' items bring their own str()."""
    if type(item) is dict:
        return f"{item['role']} {item['name']}" if item["role"] else item["name"]
    return str(item)


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(_csv_item(item) for item in value)
    value = str(value)
    if value.startswith(FORMULA_TRIGGERS):
        value = "'" + value
    return value


def applied_filters(filters):
    """The valid filters as plain values, in the query string's terms."""
    applied = {}
    if filters.get("q"):
        applied["q"] = filters["q"]
    if filters.get("category"):
        applied["category"] = filters["category"].slug
    if filters.get("region"):
        applied["region"] = filters["region"]
    if filters.get("year"):
        applied["year"] = filters["year"]
    return applied


class PartnerExport:
    """Writes a queryset of partners (see PartnerQuerySet.with_export_data) as a response.

    The other registers' exports (measures) are subclasses: their fields, record, file name,
    pages and JSON title; format, licence, headers and CSV safety stay the same."""

    field_names = FIELD_NAMES
    filename_stem = FILENAME_STEM
    filename_keys = ("category", "region", "year", "q")
    list_url_name = "partners:list"
    documentation_url_name = "partners:open_data"
    schema_version = SCHEMA_VERSION
    items_key = "partners"

    def __init__(self, request, items, filter_form):
        self.request = request
        self.items = items
        self.filters = self.applied_filters(filter_form.filters())
        self.ignored_filters = sorted(filter_form.errors)
        self.generated_at = timezone.localtime()

    @staticmethod
    def applied_filters(filters):
        return applied_filters(filters)

    def record(self, item):
        return partner_record(item, self.request)

    def title(self):
        return _(
            "Partner der Initiative „Vielfalt verbindet! Interkulturelle Öffnung als "
            "Erfolgsfaktor“"
        )

    def description(self):
        return _(
            "Behörden, Kommunen, Verbände und Unternehmen, die die Vereinbarung zur "
            "Partnerinitiative „Vielfalt verbindet!“ des Landes Nordrhein-Westfalen "
            "unterzeichnet haben."
        )

    def filename(self, extension):
        parts = [self.filename_stem]
        for key in self.filename_keys:
            if key in self.filters:
                parts.append(slugify(str(self.filters[key]))[:40])
        parts.append(self.generated_at.date().isoformat())
        return "-".join(part for part in parts if part) + "." + extension

    def records(self):
        with translation.override(DATA_LANGUAGE):
            return [self.record(item) for item in self.items]

    def _absolute(self, url_name, query=None):
        url = self.request.build_absolute_uri(reverse(url_name))
        return f"{url}?{urlencode(query)}" if query else url

    def _response(self, content, content_type, extension, as_attachment):
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment, self.filename(extension)
        )
        response["Link"] = ", ".join(
            [
                f'<{LICENSE["url"]}>; rel="license"',
                f'<{self._absolute(self.documentation_url_name)}>; rel="describedby"',
            ]
        )
        # Open data: any site may read it from a browser (no cookies influence the content).
        response["Access-Control-Allow-Origin"] = "*"
        return response

    def csv_response(self):
        """UTF-8 with byte order mark, ";" between cells, CRLF line ends, one header row:
        what German spreadsheet programs open correctly with a double click."""
        response = self._response(
            "\ufeff", "text/csv; charset=utf-8; header=present", "csv", as_attachment=True
        )
        writer = csv.writer(response, delimiter=CSV_DELIMITER, lineterminator="\r\n")
        writer.writerow(self.field_names)
        for record in self.records():
            writer.writerow([_csv_cell(record[name]) for name in self.field_names])
        return response

    def json_document(self):
        records = self.records()
        with translation.override(DATA_LANGUAGE):
            return {
                "title": self.title(),
                "description": self.description(),
                "publisher": PUBLISHER,
                "license": dict(LICENSE),
                "language": DATA_LANGUAGE,
                "schema_version": self.schema_version,
                "documentation": self._absolute(self.documentation_url_name),
                "source": self._absolute(self.list_url_name, self.filters),
                "generated_at": self.generated_at.isoformat(timespec="seconds"),
                "filters": self.filters,
                "ignored_filters": self.ignored_filters,
                "count": len(records),
                self.items_key: records,
            }

    def json_response(self):
        content = json.dumps(self.json_document(), cls=DjangoJSONEncoder, ensure_ascii=False)
        return self._response(
            content, "application/json; charset=utf-8", "json", as_attachment=False
        )
