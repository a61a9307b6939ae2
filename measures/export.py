"""The measures as open data, under the partner list's conventions (partners.export): the
same licence and publisher, UTF-8 CSV with byte order mark and ";", a JSON document with
schema version, and this schema as the single source for both files and for the
documentation page /massnahmen/offene-daten/."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.export import Field, PartnerExport
from partners.export import applied_filters as partner_filters

SCHEMA_VERSION = "1.0"
SCHEMA_CHANGES = []
FILENAME_STEM = "vielfalt-verbindet-massnahmen"

TEXT = gettext_lazy("Text")
TEXT_OR_EMPTY = gettext_lazy("Text oder leer")
DATE = gettext_lazy("Datum (ISO 8601) oder leer")

FIELDS = [
    Field("id", gettext_lazy("Ganzzahl"), gettext_lazy("Feste Nummer der Maßnahme."), "12"),
    Field("title", TEXT, gettext_lazy("Titel der Maßnahme."), "Mentoring für Auszubildende"),
    Field(
        "slug",
        TEXT,
        gettext_lazy("Kürzel in der Adresse der Seite der Maßnahme."),
        "mentoring-fuer-auszubildende",
    ),
    Field(
        "url",
        gettext_lazy("URL"),
        gettext_lazy("Vollständige Adresse der Seite der Maßnahme in diesem Portal."),
        "https://…/massnahmen/mentoring-fuer-auszubildende/",
    ),
    Field(
        "partner_id",
        gettext_lazy("Ganzzahl"),
        gettext_lazy("Nummer des Partners, wie im Feld „id“ der Partnerliste."),
        "3",
    ),
    Field("partner_name", TEXT, gettext_lazy("Name des Partners."), "Stadt Jülich"),
    Field(
        "partner_url",
        gettext_lazy("URL"),
        gettext_lazy("Adresse der Partnerseite."),
        "https://…/partner/stadt-juelich/",
    ),
    Field(
        "field_of_action",
        TEXT,
        gettext_lazy("Kürzel des Handlungsfelds, wie im Filter „field“."),
        "ausbildung",
    ),
    Field("field_of_action_name", TEXT, gettext_lazy("Name des Handlungsfelds."), "Ausbildung"),
    Field(
        "status",
        TEXT,
        gettext_lazy("Stand, wie im Filter „status“: geplant, laufend oder abgeschlossen."),
        "laufend",
    ),
    Field(
        "starts_on",
        DATE,
        gettext_lazy("Beginn, so genau wie bekannt: JJJJ-MM oder JJJJ."),
        "2024-09",
    ),
    Field(
        "starts_on_precision",
        TEXT,
        gettext_lazy("Genauigkeit des Beginns: month, year oder unknown."),
        "month",
    ),
    Field("ends_on", DATE, gettext_lazy("Ende, so genau wie bekannt."), "2025"),
    Field(
        "ends_on_precision",
        TEXT,
        gettext_lazy("Genauigkeit des Endes: month, year oder unknown."),
        "year",
    ),
    Field(
        "description",
        TEXT,
        gettext_lazy(
            "Beschreibung als reiner Text, ohne HTML: Absätze durch Leerzeilen, "
            "Listenpunkte auf eigenen Zeilen mit „– “ davor."
        ),
        "…",
    ),
    Field(
        "figures",
        gettext_lazy("Liste"),
        gettext_lazy(
            "Kennzahlen. CSV: „Bezeichnung: Wert Einheit“, mehrere durch „; “ getrennt. "
            "JSON: Liste von Objekten mit „label“, „value“ (Ganzzahl) und „unit“."
        ),
        "Auszubildende: 12 Personen",
    ),
    Field("link", gettext_lazy("URL oder leer"), gettext_lazy("Link zu mehr Informationen."), ""),
    Field(
        "published_at",
        gettext_lazy("Zeitpunkt (ISO 8601)"),
        gettext_lazy("Veröffentlichung in diesem Portal, mit Zeitzone."),
        "2026-03-02T10:00:00+01:00",
    ),
    Field(
        "updated_at",
        gettext_lazy("Zeitpunkt (ISO 8601)"),
        gettext_lazy("Letzte Änderung, mit Zeitzone."),
        "2026-11-25T13:00:00+01:00",
    ),
]
FIELD_NAMES = [field.name for field in FIELDS]


def _moment(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


class _Figure(dict):
    """A figure in the JSON as an object, in a CSV cell as "Bezeichnung: Wert Einheit"."""

    def __str__(self):
        return f"{self['label']}: {self['value']} {self['unit'] or ''}".strip()


class MeasureExport(PartnerExport):
    field_names = FIELD_NAMES
    filename_stem = FILENAME_STEM
    filename_keys = ("field", "status", "category", "region", "year", "q")
    list_url_name = "measures:list"
    documentation_url_name = "measures:open_data"
    schema_version = SCHEMA_VERSION
    items_key = "measures"

    @staticmethod
    def applied_filters(filters):
        applied = partner_filters(filters)
        if filters.get("field"):
            applied["field"] = filters["field"].slug
        if filters.get("status"):
            applied["status"] = filters["status"]
        return applied

    def record(self, measure):
        absolute = self.request.build_absolute_uri
        return {
            "id": measure.pk,
            "title": measure.title,
            "slug": measure.slug,
            "url": absolute(measure.get_absolute_url()),
            "partner_id": measure.partner_id,
            "partner_name": measure.partner.name,
            "partner_url": absolute(measure.partner.get_absolute_url()),
            "field_of_action": measure.field_of_action.slug,
            "field_of_action_name": measure.field_of_action.name,
            "status": measure.status,
            "starts_on": measure.starts_on_iso or None,
            "starts_on_precision": measure.starts_on_precision,
            "ends_on": measure.ends_on_iso or None,
            "ends_on_precision": measure.ends_on_precision,
            "description": measure.description_text,
            "figures": [
                _Figure(label=f.label, value=f.value, unit=f.unit or None)
                for f in measure.figures.all()
            ],
            "link": measure.link or None,
            "published_at": _moment(measure.published_at),
            "updated_at": _moment(measure.updated_at),
        }

    def title(self):
        return _("Maßnahmen der Partner der Initiative „Vielfalt verbindet!“")

    def description(self):
        return _(
            "Was die Partner der Initiative „Vielfalt verbindet!“ des Landes "
            "Nordrhein-Westfalen für die interkulturelle Öffnung ihrer Institution tun: "
            "veröffentlichte Maßnahmen mit Handlungsfeld, Stand, Zeitraum und Kennzahlen."
        )
