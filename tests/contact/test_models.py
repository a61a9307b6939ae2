import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from contact.models import ContactMessage, Document, german_slug, one_line
from tests.helpers import PDF_BYTES, load_settings, pdf_upload


def _message(**fields):
    fields = {"name": "N", "email": "n@example.org", "subject": "S", "message": "M", **fields}
    return ContactMessage.objects.create(**fields)


def test_reference_names_kind_year_and_number(db):
    message = _message(created_at=datetime.datetime(2025, 3, 4, tzinfo=datetime.UTC))
    assert message.reference == f"KO-2025-{message.pk:05d}"
    assert ContactMessage(name="x").reference == ""


def test_closing_records_the_date_and_reopening_clears_it(db):
    message = _message()
    assert message.closed_at is None
    message.status = ContactMessage.Status.ANSWERED
    message.save(update_fields=["status"])
    message.refresh_from_db()
    closed_at = message.closed_at
    assert closed_at is not None and closed_at <= timezone.now()
    message.status = ContactMessage.Status.DONE
    message.save()
    assert message.closed_at == closed_at  # still closed: the date stays
    message.status = ContactMessage.Status.IN_PROGRESS
    message.save()
    message.refresh_from_db()
    assert message.closed_at is None


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Stadt Jülich", "stadt-juelich"),
        ("Paritätischer NRW", "paritaetischer-nrw"),
        ("Straßen.NRW", "strassennrw"),
        ("Öffentliche Dienste GmbH & Co. KG", "oeffentliche-dienste-gmbh-co-kg"),
        ("<script>", "script"),
        ("!!!", ""),
    ],
)
def test_german_slug(name, slug):
    assert german_slug(name) == slug


def test_one_line_removes_breaks_and_limits_length():
    assert one_line("a\r\nb\tc\x00d") == "a b c d"
    assert one_line("x" * 300, max_length=10) == "x" * 9 + "…"


def test_document_knows_its_size_and_paragraphs(db):
    document = Document.objects.create(
        title="Flyer", file=pdf_upload(), description="Eins.\n\nZwei.\n\n"
    )
    assert document.file_size == len(PDF_BYTES)
    assert document.description_paragraphs() == ["Eins.", "Zwei."]
    assert list(Document.objects.published()) == [document]


def test_settings_defaults_in_development():
    values = load_settings()
    assert values["CACHES"]["default"]["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache"
    )
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_production_requires_mail_addresses_and_uses_smtp():
    production = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "portal.example",
    }
    with pytest.raises(ImproperlyConfigured, match="DJANGO_CONTACT_NOTIFY_EMAILS"):
        load_settings(**production)
    values = load_settings(
        **production,
        DJANGO_DEFAULT_FROM_EMAIL="portal@ministerium.example",
        DJANGO_CONTACT_NOTIFY_EMAILS="a@ministerium.example, b@ministerium.example",
        DJANGO_CACHE_URL="redis://cache.internal:6379/1",
    )
    assert values["CACHES"]["default"]["BACKEND"] == ("django_redis.cache.RedisCache")
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["CONTACT_NOTIFY_EMAILS"] == ["a@ministerium.example", "b@ministerium.example"]


def test_unknown_cache_url_is_refused():
    with pytest.raises(ImproperlyConfigured, match="DJANGO_CACHE_URL"):
        load_settings(DJANGO_CACHE_URL="memcached://x")
