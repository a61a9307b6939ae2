import datetime
import itertools

import pytest

from measures.models import FieldOfAction, Measure, MeasureFigure
from tests.contact.helpers import token

_numbers = itertools.count(1)


@pytest.fixture
def field(db):
    """One of the fields of action the data migration creates."""
    return FieldOfAction.objects.get(slug="ausbildung")


@pytest.fixture
def make_measure(db, make_partner, field):
    """A published measure of a (new, published) partner, with one figure."""

    def make(**fields):
        number = next(_numbers)
        fields.setdefault("partner", make_partner() if "partner" not in fields else None)
        fields.setdefault("title", f"Mentoring für Auszubildende {number}")
        fields.setdefault("slug", f"mentoring-{number}")
        fields.setdefault("description", "<p>Erfahrene Kolleginnen begleiten Auszubildende.</p>")
        fields.setdefault("field_of_action", field)
        fields.setdefault("status", Measure.Status.RUNNING)
        fields.setdefault("starts_on", datetime.date(2024, 9, 1))
        fields.setdefault("starts_on_precision", "month")
        fields.setdefault("is_published", True)
        figures = fields.pop("figures", [("Auszubildende", 12, "Personen")])
        measure = Measure.objects.create(**fields)
        for order, (label, value, unit) in enumerate(figures):
            MeasureFigure.objects.create(
                measure=measure, label=label, value=value, unit=unit, order=order
            )
        return measure

    return make


@pytest.fixture
def form_limits(settings):
    """The reporting form's spam protection as in production."""
    settings.FORM_MIN_SECONDS = 3
    settings.FORM_MAX_AGE_SECONDS = 7200
    settings.FORM_RATE_LIMIT = 5
    settings.FORM_RATE_WINDOW_SECONDS = 600


def proposal_data(field, **changes):
    """What the reporting form sends for a new measure (a partner's proposal)."""
    data = {
        "update_of": "",
        "title": "Sprachcafé im Bürgeramt",
        "field_of_action": str(field.pk),
        "status": "laufend",
        "description": "Einmal im Monat.\n\nMit Dolmetscherinnen.",
        "start_month": "3",
        "start_year": "2025",
        "end_month": "",
        "end_year": "",
        "figure_1_label": "Teilnehmende",
        "figure_1_value": "40",
        "figure_1_unit": "Personen",
        "contact_name": "",
        "contact_email": "",
        "link": "",
        "homepage": "",
        "form_token": token("measure-proposal"),
    }
    data.update(changes)
    return data
