"""The "Maßnahmen" section of a partner's page, from the rows the partner's own query read
(measures.models.partner_page_measures): no query more."""

import datetime

from django import template

from ..models import Measure, Status

register = template.Library()

_RANK = {Status.RUNNING: 0, Status.PLANNED: 1, Status.COMPLETED: 2}


def _measure(row):
    starts_on = row.get("starts_on")
    measure = Measure(
        title=row["title"],
        slug=row["slug"],
        status=row["status"],
        starts_on=datetime.date.fromisoformat(starts_on[:10]) if starts_on else None,
        starts_on_precision=row["starts_on_precision"],
    )
    measure.field_name = row["field"]
    return measure


@register.inclusion_tag("measures/includes/partner_measures.html")
def partner_measures(partner):
    """The partner's published measures in the register's order: running first, then
    planned, then completed; the newest start first."""
    measures = [_measure(row) for row in getattr(partner, "measure_rows", None) or []]
    measures.sort(
        key=lambda m: (
            m.starts_on is None,
            -(m.starts_on or datetime.date.min).toordinal(),
            m.title,
        )
    )
    measures.sort(key=lambda m: _RANK.get(m.status, 3))
    return {"partner": partner, "measures": measures}
