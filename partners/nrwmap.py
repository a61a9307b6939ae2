"""The map of NRW's five Regierungsbezirke at /partner/karte/, drawn on the server as SVG.

The outlines come from partners/data/nrw_map.json, which `manage.py build_nrw_map` makes once
from the shipped official outline (source and licence: partners/data/README.md). This module
only adds the numbers: each district is shaded by its number of partners (the legend says
so), and the numbers, the partners' and those other apps register (the measures), are also
written on the map, in the legend's ranges and in a table, so that colour never carries them
alone.
"""

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Region

MAP_DATA = Path(__file__).resolve().parent / "data" / "nrw_map.json"

DISTRICTS = [
    Region.ARNSBERG,
    Region.DETMOLD,
    Region.DUESSELDORF,
    Region.KOELN,
    Region.MUENSTER,
]

# Shades from none to most, each at least 3:1 against the white borders between the
# districts and the white page, so every district's outline stands out whatever its
# neighbour's shade. "None" is grey, not a lighter blue: no partner is not "a few".
SHADES = ["#6c757d", "#5f8fa6", "#2a6684", "#083a54"]


@cache
def outlines():
    return json.loads(MAP_DATA.read_text(encoding="utf-8"))


# Further numbers per district that apps built on partners show beside the partners (the
# measures app: measures of the partners in each district). They call add_region_count() in
# their AppConfig.ready(), so partners never imports them; each counter costs one query.
@dataclass(frozen=True)
class RegionCount:
    heading: str  # the table column, e.g. "Maßnahmen"
    count: object  # callable: () -> {region code: number}
    label: object  # callable: (number) -> text on the map, e.g. "3 Maßnahmen"
    note: str = ""  # what is counted, for the text above the map


region_counts = []


def add_region_count(region_count):
    if region_count not in region_counts:
        region_counts.append(region_count)


def numbers_text(partners, extra):
    """["3 Partner", "5 Maßnahmen"]: a place's numbers as written on and beside the map."""
    return [ngettext("%(count)d Partner", "%(count)d Partner", partners) % {"count": partners}] + [
        region_count.label(number) for region_count, number in extra
    ]


@dataclass
class District:
    code: str
    name: str
    partners: int
    extra: list  # [(RegionCount, number)]
    path: str
    label_x: int
    label_y: int
    shade: int = 0

    @property
    def url(self):
        return f"{reverse('partners:list')}?{urlencode({'region': self.code})}"

    @property
    def fill(self):
        return SHADES[self.shade]

    @property
    def lines(self):
        """The label on the map: the name, then one line per number."""
        return [self.name, *numbers_text(self.partners, self.extra)]

    line_height = 21  # SVG user units, for text of 18

    @property
    def first_line_dy(self):
        """Where the first line's baseline sits, so that the lines centre on the label point."""
        return round(-(len(self.lines) - 1) * self.line_height / 2 + 6)

    @property
    def accessible_name(self):
        return _("%(numbers)s im Regierungsbezirk %(name)s – im Verzeichnis anzeigen") % {
            "numbers": ", ".join(self.lines[1:]),
            "name": self.name,
        }


@dataclass
class LegendEntry:
    shade: int
    low: int
    high: int

    @property
    def fill(self):
        return SHADES[self.shade]

    @property
    def label(self):
        if self.low == self.high:
            return ngettext("%(count)d Partner", "%(count)d Partner", self.low) % {
                "count": self.low
            }
        return _("%(low)d bis %(high)d Partner") % {"low": self.low, "high": self.high}


def legend(largest):
    """The shades' ranges: none, then 1..largest cut into at most three equal ranges."""
    entries = [LegendEntry(0, 0, 0)]
    step = math.ceil(largest / (len(SHADES) - 1)) if largest else 0
    low = 1
    while step and low <= largest:
        high = min(low + step - 1, largest)
        entries.append(LegendEntry(len(entries), low, high))
        low = high + 1
    return entries


@dataclass
class Area:
    """Partners the map cannot place on one district (several, statewide, not given)."""

    label: str
    partners: int
    url: str
    extra: list  # [(RegionCount, number)]

    @property
    def numbers(self):
        return ", ".join(numbers_text(self.partners, self.extra))


@dataclass
class RegionMap:
    districts: list
    elsewhere: list  # [Area]
    legend: list
    extra_headings: list = field(default_factory=list)
    extra_totals: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # what the further numbers count
    width: int = 0
    height: int = 0
    attribution: str = ""

    @property
    def total(self):
        return sum(d.partners for d in self.districts) + sum(a.partners for a in self.elsewhere)

    @property
    def subject(self):
        """What the map counts: "Partner", or e.g. "Partner und Maßnahmen"."""
        names = [_("Partner"), *(str(heading) for heading in self.extra_headings)]
        if len(names) == 1:
            return names[0]
        return _("%(names)s und %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}

    @property
    def description(self):
        parts = [f"{d.name}: {', '.join(d.lines[1:])}" for d in self.districts]
        return _("Karte der fünf Regierungsbezirke. %(values)s.") % {"values": "; ".join(parts)}


def region_map(partners):
    """The map for a queryset of published partners: one query, plus one per registered
    further count. The numbers are those of the directory filtered by district."""
    counts = dict(partners.count_by_region())
    extra = [(region_count, region_count.count()) for region_count in region_counts]
    data = outlines()
    largest = max((counts.get(code, 0) for code in DISTRICTS), default=0)
    entries = legend(largest)

    def extra_of(code):
        return [(region_count, numbers.get(code, 0)) for region_count, numbers in extra]

    districts = []
    for code in DISTRICTS:
        shape = data["regions"][code]
        number = counts.get(code, 0)
        districts.append(
            District(
                code=code,
                name=str(Region(code).label),
                partners=number,
                extra=extra_of(code),
                path=shape["path"],
                label_x=shape["label"][0],
                label_y=shape["label"][1],
                shade=next(e.shade for e in entries if e.low <= number <= e.high),
            )
        )
    directory = reverse("partners:list")
    elsewhere = [
        Area(
            str(Region(code).label),
            counts[code],
            f"{directory}?{urlencode({'region': code})}",
            extra_of(code),
        )
        for code in (Region.SEVERAL, Region.STATEWIDE)
        if counts.get(code)
    ]
    if counts.get(""):
        elsewhere.append(Area(_("ohne Angabe"), counts[""], "", extra_of("")))
    return RegionMap(
        districts=districts,
        elsewhere=elsewhere,
        legend=entries,
        extra_headings=[region_count.heading for region_count in region_counts],
        extra_totals=[sum(numbers.values()) for _region_count, numbers in extra],
        notes=[region_count.note for region_count in region_counts if region_count.note],
        width=data["width"],
        height=data["height"],
        attribution=data["attribution"],
    )
