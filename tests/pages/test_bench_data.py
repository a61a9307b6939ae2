import io

import pytest
from django.core.management import CommandError, call_command

from partners.models import Link, Partner, Photo, Quote, Signatory
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
