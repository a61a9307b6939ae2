import io

import pytest
from django.core.management import CommandError, call_command

from core.dates import DatePrecision
from core.workflow import State
from measures.models import FieldOfAction, Measure, MeasureFigure
from partners.models import Category, Link, Partner, Photo, Quote, Signatory
from press.models import EventNotice, PressItem, PressRelease


def test_refuses_a_database_that_is_not_a_benchmark_database(db):
    with pytest.raises(CommandError, match="keine Benchmark-Datenbank"):
        call_command("make_bench_data", "--partners", "3")
    assert not Partner.objects.exists()


def test_makes_partners_with_everything_a_page_shows(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    output = io.StringIO()
    call_command("make_bench_data", "--partners", "12", "--press", "4", "--force", stdout=output)
    assert Partner.objects.count() == 12
    assert Partner.objects.published().filter(slug="testpartner-0001").exists()
    assert Signatory.objects.filter(side="state").count() == 12
    assert Signatory.objects.filter(side="partner").count() >= 12
    assert Quote.objects.count() == 12
    assert Link.objects.count() == 24
    photo = Photo.objects.get()
    assert photo.partner.slug == "testpartner-0001"
    assert photo.rendition_sizes
    message = output.getvalue()
    assert "12 Partner angelegt" in message
    assert PressRelease.objects.count() == 2 and EventNotice.objects.count() == 2
    assert all(item.partners.count() == 2 for item in PressItem.objects.all())
    assert "4 Presseeinträge angelegt" in message
    with pytest.raises(CommandError, match="schon Partner"):
        call_command("make_bench_data", "--partners", "1", "--force")


def test_makes_valid_published_measures_in_every_field_and_status(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    output = io.StringIO()
    call_command("make_bench_data", "--partners", "30", "--press", "0", "--force", stdout=output)
    measures = Measure.objects.all()
    count = measures.count()
    assert 30 <= count <= 150
    assert f"{count} Maßnahmen angelegt" in output.getvalue()
    assert set(measures.values_list("state", "is_published").distinct()) == {
        (State.PUBLISHED, True)
    }
    assert set(measures.values_list("field_of_action", flat=True)) == set(
        FieldOfAction.objects.values_list("pk", flat=True)
    )
    assert set(measures.values_list("status", flat=True)) == set(Measure.Status.values)
    precisions = set(measures.values_list("starts_on_precision", flat=True)) | set(
        measures.values_list("ends_on_precision", flat=True)
    )
    assert {DatePrecision.MONTH, DatePrecision.YEAR} <= precisions
    assert MeasureFigure.objects.exclude(unit="").exists()
    for measure in measures.order_by("pk")[::3]:
        measure.full_clean()
        assert "<h3>" in measure.description and "<li>" in measure.description
    first = Measure.objects.published().get(slug="testmassnahme-0001-1")
    assert first.starts_on.year == 2020
    assert Measure.objects.published().filter(status="laufend").exists()


def test_bench_data_is_the_same_for_the_same_seed(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("make_bench_data", "--partners", "8", "--press", "0", "--force")
    fields = ["slug", "status", "starts_on", "ends_on", "field_of_action__slug"]
    first = list(Measure.objects.order_by("slug").values_list(*fields))
    Measure.objects.all().delete()
    Partner.objects.all().delete()
    Category.objects.all().delete()
    call_command("make_bench_data", "--partners", "8", "--press", "0", "--force")
    assert list(Measure.objects.order_by("slug").values_list(*fields)) == first
