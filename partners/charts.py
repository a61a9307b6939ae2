"""Bar charts drawn on the server as SVG (templates/includes/bar_chart.html).

This module only does the geometry; all numbers are whole numbers so that the template
can write them into SVG attributes without locale formatting getting in the way.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Region

# Layout in SVG user units; the chart scales to the width of its container.
# Text is 18 units: about 19px at the chart's widest (26rem) and 16px on a small phone.
WIDTH = 400
FONT_SIZE = 18
ROW_HEIGHT = 58
LABEL_BASELINE = 20  # from the top of a row
BAR_TOP = 28
BAR_HEIGHT = 22
VALUE_GAP = 8
VALUE_ROOM = 52  # space right of the longest bar for its number
PADDING = 4

BAR_FILL = "#00577e"  # the portal's primary colour, 7.9:1 on white
MUTED_FILL = "#6c757d"  # for "unknown" rows; they are also named in words


@dataclass
class Bar:
    label: str
    value: int
    muted: bool = False
    url: str = ""
    # Geometry, filled in by BarChart.
    width: int = 0
    label_y: int = 0
    bar_y: int = 0
    value_x: int = 0
    value_y: int = 0

    @property
    def fill(self):
        return MUTED_FILL if self.muted else BAR_FILL


@dataclass
class BarChart:
    """A horizontal bar chart: each row has its label above the bar and its number after it,
    so that nothing depends on colour or on reading an axis."""

    id: str
    title: str
    label_heading: str
    bars: list = field(default_factory=list)
    note: str = ""
    # What a bar counts, in words for screen readers: count -> "3 Partner".
    counted: object = None
    value_heading: str = ""  # the table's number column; "Anzahl der Partner" when empty
    empty_text: str = ""  # the table without rows; "Noch keine Partner veröffentlicht."
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT
    font_size: int = FONT_SIZE

    def __post_init__(self):
        largest = max((bar.value for bar in self.bars), default=0)
        room = self.width - VALUE_ROOM
        for index, bar in enumerate(self.bars):
            top = PADDING + index * ROW_HEIGHT
            bar.width = max(2, round(room * bar.value / largest)) if largest else 2
            bar.label_y = top + LABEL_BASELINE
            bar.bar_y = top + BAR_TOP
            bar.value_x = bar.width + VALUE_GAP
            bar.value_y = bar.bar_y + BAR_HEIGHT - 5  # baseline inside the bar's height

    @property
    def height(self):
        return 2 * PADDING + len(self.bars) * ROW_HEIGHT

    @property
    def total(self):
        return sum(bar.value for bar in self.bars)

    @property
    def description(self):
        """The chart's content in words, for screen readers (the SVG's <desc>)."""
        if not self.bars:
            return _("Noch keine Daten.")
        counted = self.counted or _partners
        parts = [f"{bar.label}: {counted(bar.value)}" for bar in self.bars]
        return _("Balkendiagramm. %(values)s.") % {"values": "; ".join(parts)}


def _partners(count):
    return ngettext("%(count)d Partner", "%(count)d Partner", count) % {"count": count}


# The apps built on partners add their charts to the statistics page: functions that return
# (anchor id, section title, charts), registered in their AppConfig.ready(), so partners never
# imports them (measures: measures by field of action, status and year).
statistics_sections = []


def add_statistics_section(make_section):
    if make_section not in statistics_sections:
        statistics_sections.append(make_section)


def more_statistics():
    """The registered apps' sections: [(anchor id, title, charts)]."""
    return [make_section() for make_section in statistics_sections]


def statistics_charts(partners):
    """The statistics page's charts for a queryset of partners: one query each. Rows with a
    value link to the directory filtered to them."""
    directory = reverse("partners:list")

    def filtered(**query):
        return f"{directory}?{urlencode(query)}"

    by_year = BarChart(
        "chart-years",
        _("Partner nach Jahr der Unterzeichnung"),
        _("Jahr"),
        [
            Bar(str(year), count, url=filtered(year=year))
            if year
            else Bar(_("Datum unbekannt"), count, muted=True)
            for year, count in partners.count_by_year()
        ],
        note=_(
            "Bei manchen Partnern ist nur das Jahr der Unterzeichnung bekannt, bei einigen "
            "gar kein Datum: sie stehen unter „Datum unbekannt“."
        ),
    )
    by_category = BarChart(
        "chart-categories",
        _("Partner nach Kategorie"),
        _("Kategorie"),
        [
            Bar(name, count, url=filtered(category=slug))
            for slug, name, count in partners.count_by_category()
        ],
        note=_(
            "Haben zwei Organisationen verschiedener Art gemeinsam unterzeichnet (etwa eine "
            "Stadt und ihre Polizei), zählt der Eintrag in jeder ihrer Kategorien; die Summe "
            "kann daher größer sein als die Zahl der Partner."
        ),
    )
    by_region = BarChart(
        "chart-regions",
        _("Partner nach Regierungsbezirk"),
        _("Regierungsbezirk"),
        [
            Bar(str(Region(code).label), count, url=filtered(region=code))
            if code
            else Bar(_("ohne Angabe"), count, muted=True)
            for code, count in partners.count_by_region()
        ],
        note=_(
            "Ein Partner zählt bei einem Regierungsbezirk nur, wenn er allein dort tätig ist; "
            "wer in mehreren tätig ist oder im ganzen Land, steht unter „mehrere "
            "Regierungsbezirke“ oder „landesweit“."
        ),
    )
    return [by_year, by_category, by_region]
