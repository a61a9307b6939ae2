import datetime
import io
import json
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from press.models import EventNotice, Letterhead, PressItem, PressRelease
from press.templatetags.press_tags import tel_href

from .conftest import berlin_time


def test_due_means_published_and_publish_at_reached(make_release, make_notice):
    now = timezone.now()
    public = make_release(title="Öffentlich")
    make_release(title="Entwurf", is_published=False)
    scheduled = make_notice(title="Geplant", publish_at=now + datetime.timedelta(hours=2))
    make_notice(title="Entwurf mit Datum", is_published=False, publish_at=now)
    assert {item.title for item in PressItem.objects.due()} == {"Öffentlich"}
    assert list(PressItem.objects.scheduled()) == [scheduled.pressitem_ptr]
    later = now + datetime.timedelta(hours=3)
    assert {i.title for i in PressItem.objects.due(now=later)} == {"Öffentlich", "Geplant"}
    assert public.is_due() and not scheduled.is_due() and scheduled.is_due(now=later)


def test_scheduled_item_appears_when_its_time_comes_without_any_job(client, make_release):
    now = timezone.now()
    release = make_release(title="Zur Sperrfrist", publish_at=now + datetime.timedelta(hours=1))
    assert client.get(release.get_absolute_url()).status_code == 404
    assert "Zur Sperrfrist" not in client.get("/presse/").content.decode()
    with mock.patch("django.utils.timezone.now", return_value=now + datetime.timedelta(hours=1)):
        assert client.get(release.get_absolute_url()).status_code == 200
        assert "Zur Sperrfrist" in client.get("/presse/").content.decode()


def test_publish_and_unpublish_are_queryset_methods(make_release, make_notice):
    make_release(is_published=False)
    make_notice(is_published=False)
    assert PressItem.objects.publish() == 2
    assert PressItem.objects.due().count() == 2
    assert EventNotice.objects.unpublish() == 1
    assert PressItem.objects.due().get().kind == PressItem.Kind.RELEASE


def test_kind_is_set_by_the_model_and_specific_finds_the_row(make_release, make_notice):
    release, notice = make_release(), make_notice()
    items = {item.pk: item for item in PressItem.objects.with_list_data()}
    assert items[release.pk].kind == "release" and items[notice.pk].kind == "notice"
    with CaptureQueriesContext(connection) as queries:
        assert items[release.pk].specific.teaser == release.teaser
        assert items[notice.pk].specific.venue_city == "Dortmund"
        assert notice.specific is notice
    assert len(queries) == 0
    assert release.get_absolute_url() == f"/presse/mitteilungen/{release.slug}/"
    assert notice.get_absolute_url() == f"/presse/termine/{notice.slug}/"


def test_archive_years_and_filters_use_berlin_time(make_release, make_notice):
    # 31.12.2016, 23:30 in Berlin is still 2016 there, though 2016-12-31 22:30 UTC.
    make_release(title="Silvester", dated_at=berlin_time(2016, 12, 31, 23, 30))
    make_notice(title="Neujahr", dated_at=berlin_time(2017, 1, 1, 0, 30))
    assert PressItem.objects.due().years() == [2017, 2016]
    by_2016 = PressItem.objects.filter_by({"year": 2016})
    assert [item.title for item in by_2016] == ["Silvester"]
    notices = PressItem.objects.filter_by({"kind": PressItem.Kind.NOTICE})
    assert [item.title for item in notices] == ["Neujahr"]


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        (None, "Freitag, 31. März 2017, ab 14:00 Uhr"),
        (berlin_time(2017, 3, 31, 16, 30), "Freitag, 31. März 2017, 14:00 bis 16:30 Uhr"),
        (
            berlin_time(2017, 4, 1, 12, 0),
            "Freitag, 31. März 2017, 14:00 Uhr bis Samstag, 1. April 2017, 12:00 Uhr",
        ),
    ],
)
def test_event_time_is_shown_in_berlin_time(make_notice, end, expected):
    notice = make_notice(start=datetime.datetime(2017, 3, 31, 12, 0, tzinfo=datetime.UTC), end=end)
    notice.refresh_from_db()
    assert notice.when_display() == expected


def test_winter_time_is_shown_too(make_notice):
    notice = make_notice(start=datetime.datetime(2017, 1, 13, 13, 0, tzinfo=datetime.UTC))
    assert notice.when_display() == "Freitag, 13. Januar 2017, ab 14:00 Uhr"


def test_address_and_signature(make_notice):
    notice = make_notice(signature_name="Yvonne Reißig", signature_unit="Pressereferat")
    assert notice.location_display == (
        "Europazentrum NRW, Großer Saal, Steinstraße 48, 44147 Dortmund"
    )
    assert notice.signature_display == "Yvonne Reißig, Pressereferat"
    notice.venue_room = notice.venue_street = ""
    assert notice.address_lines() == ["Europazentrum NRW", "44147 Dortmund"]


def test_upcoming_and_past_notices(make_notice):
    now = timezone.now()
    later = make_notice(title="Später", start=now + datetime.timedelta(days=2))
    soon = make_notice(title="Bald", start=now + datetime.timedelta(days=1))
    running = make_notice(
        title="Läuft",
        start=now - datetime.timedelta(hours=1),
        end=now + datetime.timedelta(hours=1),
    )
    old = make_notice(title="Vorbei", start=now - datetime.timedelta(days=3))
    older = make_notice(title="Lange vorbei", start=now - datetime.timedelta(days=30))
    assert list(EventNotice.objects.upcoming()) == [running, soon, later]
    assert list(EventNotice.objects.past()) == [old, older]
    assert running.is_upcoming() and not old.is_upcoming()


def test_a_notice_without_end_counts_as_upcoming_for_its_whole_day(make_notice):
    start = berlin_time(2017, 3, 31, 14, 0)
    notice = make_notice(start=start)
    evening = berlin_time(2017, 3, 31, 20, 0)
    next_morning = berlin_time(2017, 4, 1, 8, 0)
    assert list(EventNotice.objects.upcoming(now=evening)) == [notice]
    assert notice.is_upcoming(now=evening)
    assert list(EventNotice.objects.past(now=next_morning)) == [notice]
    assert not notice.is_upcoming(now=next_morning)


def test_each_saved_change_raises_the_calendar_sequence(make_notice):
    notice = make_notice()
    assert notice.sequence == 0
    notice.status = EventNotice.Status.CHANGED
    notice.save()
    assert notice.sequence == 1
    assert EventNotice.objects.filter(pk=notice.pk).cancel() == 1
    notice.refresh_from_db()
    assert notice.is_cancelled and notice.sequence == 2


def test_notice_rules(make_notice):
    notice = make_notice()
    notice.end = notice.start - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        notice.clean()
    assert "end" in error.value.message_dict
    notice.end = None
    notice.status = EventNotice.Status.CANCELLED
    with pytest.raises(ValidationError) as error:
        notice.clean()
    assert "status_note" in error.value.message_dict
    notice.status_note = "Der Staatssekretär ist erkrankt."
    notice.clean()
    assert notice.status_message() == "Abgesagt: Der Staatssekretär ist erkrankt."


def test_release_with_image_needs_alt_text_and_credit(make_release):
    release = make_release()
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "teal").save(buffer, "JPEG")
    release.image = SimpleUploadedFile("bild.jpg", buffer.getvalue(), "image/jpeg")
    with pytest.raises(ValidationError) as error:
        release.clean()
    assert set(error.value.message_dict) == {"image_alt", "image_credit"}


def test_issuer_defaults_to_the_letterhead_name(db, letterhead):
    letterhead.name = "Ministerium für Arbeit, Gesundheit und Soziales"
    letterhead.save()
    assert PressRelease(title="x").issuer == "Ministerium für Arbeit, Gesundheit und Soziales"


def test_issuer_default_without_letterhead(db):
    assert PressRelease(title="x").issuer.startswith("Ministerium für Arbeit, Integration")


def test_letterhead_is_a_single_row(letterhead):
    second = Letterhead(street="Anderswo 1", postcode="1", city="X", postal_postcode="2")
    second.save()
    assert Letterhead.objects.count() == 1
    assert Letterhead.objects.get().street == "Anderswo 1"
    assert letterhead.sender_line.endswith(", 40190 Düsseldorf")
    assert letterhead.website_display == "www.mais.nrw.de"


def test_letterhead_is_remembered_and_read_afresh_after_a_change(letterhead):
    with CaptureQueriesContext(connection) as queries:
        assert Letterhead.current().street == "Fürstenwall 25"
        assert Letterhead.current().street == "Fürstenwall 25"
    assert len(queries) == 1
    letterhead.street = "Fürstenwall 26"
    letterhead.save()
    assert Letterhead.current().street == "Fürstenwall 26"
    letterhead.delete()
    with CaptureQueriesContext(connection) as queries:
        assert Letterhead.current() is None
        assert Letterhead.current() is None
    assert len(queries) == 1


@pytest.mark.parametrize(
    ("number", "href"),
    [
        ("0231/838 00 72", "tel:+492318380072"),
        ("0211 855-5", "tel:+492118555"),
        ("+49 211 855-3683", "tel:+492118553683"),
        ("0049 211 8555", "tel:+492118555"),
        ("", ""),
        ("keine", ""),
    ],
)
def test_phone_numbers_become_dialable_links(number, href):
    assert tel_href(number) == href


def test_json_ld_is_data_that_cannot_end_the_script_element():
    data = {"name": "</script><script>alert(1)</script> & mehr", "when": berlin_time(2017, 3, 31)}
    html = Template("{% load press_tags %}{% json_ld data %}").render(Context({"data": data}))
    assert html.startswith('<script type="application/ld+json">')
    inner = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json.loads(inner) == {
        "name": "</script><script>alert(1)</script> & mehr",
        "when": "2017-03-31T00:00:00+02:00",
    }
