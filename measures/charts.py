"""The measures' numbers on the partners' pages: their part of the statistics page
/partner/statistik/ (registered with partners.charts.add_statistics_section): measures by
field of action, by status, per year started and per year completed, all from one query;
and their number per Regierungsbezirk on the map /partner/karte/ (partners.nrwmap). Only
published (approved) measures of published partners count."""

from collections import Counter

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partners.charts import Bar, BarChart
from partners.nrwmap import RegionCount

from .models import Measure, Status


def _measures(count):
    return ngettext("%(count)d Maßnahme", "%(count)d Maßnahmen", count) % {"count": count}


def _chart(chart_id, title, label_heading, bars, note=""):
    return BarChart(
        chart_id,
        title,
        label_heading,
        bars,
        note=note,
        counted=_measures,
        value_heading=_("Anzahl der Maßnahmen"),
        empty_text=_("Noch keine Maßnahmen veröffentlicht."),
    )


def _by_year(counts, url):
    years = sorted(year for year in counts if year)
    bars = [Bar(str(year), counts[year], url=url(year) if url else "") for year in years]
    if counts.get(None):
        bars.append(Bar(_("Jahr unbekannt"), counts[None], muted=True))
    return bars


def measure_charts(rows):
    """The four charts from Measure.objects.published().statistics_rows()."""
    register = reverse("measures:list")

    def filtered(**query):
        return f"{register}?{urlencode(query)}"

    fields, statuses, started, completed = {}, Counter(), Counter(), Counter()
    for row in rows:
        key = (row["field_of_action__order"], row["field_of_action__name"])
        slug, count = row["field_of_action__slug"], row["count"]
        fields[key] = (slug, fields.get(key, (slug, 0))[1] + count)
        statuses[row["status"]] += count
        started[row["start_year"]] += count
        if row["status"] == Status.COMPLETED:
            completed[row["end_year"]] += count
    by_field = _chart(
        "chart-measure-fields",
        _("Maßnahmen nach Handlungsfeld"),
        _("Handlungsfeld"),
        [
            Bar(name, count, url=filtered(field=slug))
            for (_order, name), (slug, count) in sorted(fields.items())
        ],
    )
    by_status = _chart(
        "chart-measure-status",
        _("Maßnahmen nach Stand"),
        _("Stand"),
        [
            Bar(str(status.label), statuses[status], url=filtered(status=status.value))
            for status in (Status.PLANNED, Status.RUNNING, Status.COMPLETED)
            if statuses[status]
        ],
    )
    by_start = _chart(
        "chart-measure-started",
        _("Begonnene Maßnahmen nach Jahr"),
        _("Jahr des Beginns"),
        _by_year(started, lambda year: filtered(year=year)),
        note=_("Geplante Maßnahmen ohne bekannten Beginn stehen unter „Jahr unbekannt“."),
    )
    by_end = _chart(
        "chart-measure-completed",
        _("Abgeschlossene Maßnahmen nach Jahr"),
        _("Jahr des Abschlusses"),
        _by_year(completed, None),
    )
    return [by_field, by_status, by_start, by_end]


def statistics_section():
    charts = measure_charts(Measure.objects.published().statistics_rows())
    return "measures", _("Maßnahmen der Partner"), charts


def measures_by_region():
    return dict(Measure.objects.published().counts_by_region())


region_count = RegionCount(
    heading=gettext_lazy("Maßnahmen"),
    count=measures_by_region,
    label=_measures,
    note=gettext_lazy(
        "Maßnahmen zählen beim Regierungsbezirk ihres Partners: die veröffentlichten "
        "Maßnahmen der Partner, die dort tätig sind."
    ),
)
