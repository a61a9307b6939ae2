"""Partner photos in S3-compatible object storage (DJANGO_STORAGE=s3, moto on loopback)."""

import io
import re
import urllib.request

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from PIL import Image
from reversion.models import Revision

from core import images
from core.storage import PUBLIC_CACHE_CONTROL
from partners.models import Partner

from .test_admin import _partner_post
from .test_photo_renditions import picture

FORMATS = {"jpg": ("image/jpeg", "JPEG"), "webp": ("image/webp", "WEBP")}


def image_urls(html):
    """Every address in the photos' src and srcset attributes."""
    urls = []
    for attribute, value in re.findall(r'\b(src|srcset)="([^"]+)"', html):
        candidates = value.split(", ") if attribute == "srcset" else [value]
        urls += [candidate.split(" ")[0] for candidate in candidates]
    return [url for url in urls if "partners/photos/" in url]


def test_photo_uploaded_in_the_admin_is_served_from_the_public_bucket(
    admin_client, category, s3_buckets, django_capture_on_commit_callbacks
):
    # A JPEG the browser calls "text/html" and the uploader "….png": the stored object is
    # typed by what the file is.
    upload = SimpleUploadedFile("unterzeichnung.png", picture((600, 400)), "text/html")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:partners_partner_add"),
            _partner_post(category, **{"photos-0-image": upload}),
        )
    assert response.status_code == 302
    Partner.objects.filter(slug="stadt-neu").publish()  # approval is tested elsewhere
    partner = Partner.objects.get(slug="stadt-neu")
    photo = partner.photos.get()
    assert photo.image.name.endswith(".jpg")
    renditions = {
        images.rendition_name(photo.image.name, width, extension)
        for width in (480, 600)
        for extension in FORMATS
    }
    assert s3_buckets.server.keys(s3_buckets.public) == {photo.image.name} | renditions
    assert s3_buckets.server.keys(s3_buckets.private) == set()

    html = Client().get(partner.get_absolute_url()).content.decode()
    urls = image_urls(html)
    bucket_url = f"{s3_buckets.server.endpoint_url}/{s3_buckets.public}/"
    assert len(urls) == 5  # src, two JPEG and two WebP widths
    assert {url.removeprefix(bucket_url) for url in urls} == renditions
    for url in [*urls, photo.image.url]:
        assert url.startswith(bucket_url)
        content_type, image_format = FORMATS[url.rsplit(".", 1)[1]]
        # Anonymous, unsigned, as a browser asks.
        with urllib.request.urlopen(url, timeout=10) as answer:
            assert answer.headers["Content-Type"] == content_type
            assert answer.headers["Cache-Control"] == PUBLIC_CACHE_CONTROL
            assert answer.headers["Content-Disposition"] is None
            with Image.open(io.BytesIO(answer.read())) as served:
                assert served.format == image_format


def test_a_deleted_photo_leaves_the_bucket_once_no_version_names_it(
    admin_client, category, s3_buckets, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("foto.jpg", picture((500, 250)), "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:partners_partner_add"),
            _partner_post(category, **{"photos-0-image": upload}),
        )
    # The original, and 480 and 500 px wide in two formats.
    assert len(s3_buckets.server.keys(s3_buckets.public)) == 5
    with django_capture_on_commit_callbacks(execute=True):
        Partner.objects.get(slug="stadt-neu").photos.get().delete()
    call_command("purge_unused_files", "--grace-hours=0", stdout=io.StringIO())
    assert len(s3_buckets.server.keys(s3_buckets.public)) == 5  # the first version names it
    Revision.objects.all().delete()
    call_command("purge_unused_files", "--grace-hours=0", stdout=io.StringIO())
    assert s3_buckets.server.keys(s3_buckets.public) == set()
