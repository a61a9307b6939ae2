import datetime
import itertools

import pytest

from measures.models import FieldOfAction, Measure, MeasureFigure

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
        fields.setdefault("description", "Erfahrene Kolleginnen begleiten Auszubildende.")
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
