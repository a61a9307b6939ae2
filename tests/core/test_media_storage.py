"""Where uploads live (DJANGO_STORAGE): the configuration and the headers stored with objects."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages

from contact.models import PartnerRequest
from contact.storage import PrivateStorage, get_private_storage, private_storage
from core.storage import PRIVATE_CACHE_CONTROL, PUBLIC_CACHE_CONTROL, object_headers
from vielfalt.settings.media import media_origin, media_storages

S3 = {"bucket": "oeffentlich", "private_bucket": "privat"}


def test_local_disk_is_the_default():
    configured = media_storages("")
    assert configured["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert configured["private"]["BACKEND"] == "contact.storage.PrivateStorage"
    assert media_origin(configured) is None


@pytest.mark.parametrize(
    ("kind", "values", "message"),
    [
        ("s3", {"bucket": "oeffentlich"}, "DJANGO_S3_PRIVATE_BUCKET"),
        ("s3", {}, "DJANGO_S3_BUCKET and DJANGO_S3_PRIVATE_BUCKET"),
        ("s3", {"bucket": "medien", "private_bucket": "medien"}, "must differ"),
        ("s3", {**S3, "public_url": "medien.example.org"}, "DJANGO_S3_PUBLIC_URL"),
        ("ftp", {}, "DJANGO_STORAGE"),
    ],
)
def test_incomplete_object_storage_settings_are_refused(kind, values, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        media_storages(kind, **values)


def test_public_media_urls_follow_the_public_url(settings):
    settings.STORAGES = settings.STORAGES | media_storages(
        "s3", **S3, endpoint_url="http://minio:9000", public_url="https://medien.example.org/p/"
    )
    assert storages["default"].url("partners/photos/a.jpg") == (
        "https://medien.example.org/p/partners/photos/a.jpg"
    )
    assert media_origin(settings.STORAGES) == "https://medien.example.org"


def test_without_a_public_url_media_come_from_the_endpoint_path_style(settings):
    settings.STORAGES = settings.STORAGES | media_storages(
        "s3", **S3, endpoint_url="https://s3.land.example/"
    )
    assert storages["default"].url("press/a b.pdf") == (
        "https://s3.land.example/oeffentlich/press/a%20b.pdf"
    )
    assert media_origin(settings.STORAGES) == "https://s3.land.example"


def test_the_attachment_field_follows_the_configured_private_storage(settings):
    field = PartnerRequest._meta.get_field("attachment")
    assert field.deconstruct()[3]["storage"] is get_private_storage
    assert field.storage is private_storage  # what other code hands to the storage API
    assert isinstance(field.storage, PrivateStorage)
    settings.STORAGES = settings.STORAGES | media_storages("s3", **S3)
    assert field.storage.bucket_name == "privat"
    with pytest.raises(ValueError):
        field.storage.url("contact/requests/a.pdf")


@pytest.mark.parametrize(
    ("name", "cache_control", "expected"),
    [
        ("p/a.webp", PUBLIC_CACHE_CONTROL, {"ContentType": "image/webp"}),
        ("p/a.JPG", PUBLIC_CACHE_CONTROL, {"ContentType": "image/jpeg"}),
        (
            "p/a.pdf",
            PUBLIC_CACHE_CONTROL,
            {"ContentType": "application/pdf", "ContentDisposition": "attachment"},
        ),
        (
            "p/a.html",
            PUBLIC_CACHE_CONTROL,
            {"ContentType": "application/octet-stream", "ContentDisposition": "attachment"},
        ),
        (
            "c/a.pdf",
            PRIVATE_CACHE_CONTROL,
            {"ContentType": "application/pdf", "ContentDisposition": "attachment"},
        ),
    ],
)
def test_objects_are_stored_with_safe_headers(name, cache_control, expected):
    assert object_headers(name, cache_control) == expected | {"CacheControl": cache_control}
