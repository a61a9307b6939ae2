"""Restoring an earlier version brings its files back: a replaced photo or PDF stays in the
storage while a version names it, is served again after the restore (with its renditions),
and leaves only through ``purge_unused_files`` once no row and no version names it."""

import io
import json
import os
import time
import urllib.request

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse
from reversion.models import Revision, Version

from core.backup import storage_files
from core.images import FORMATS, rendition_name
from partners.models import Photo
from press.models import Attachment, PressRelease
from tests.helpers import admin_form_data, image_bytes, pdf_bytes


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PHOTO_RENDITION_WIDTHS = [480]
    return settings.MEDIA_ROOT


def jpeg(width):
    return SimpleUploadedFile("foto.jpg", image_bytes("JPEG", size=(width, 400)), "image/jpeg")


def post_change(client, url, **changes):
    data = admin_form_data(client.get(url))
    data.update(changes)
    with committed():
        response = client.post(url, data)
    assert response.status_code == 302, response.context and [
        response.context["adminform"].form.errors,
        [inline.formset.errors for inline in response.context["inline_admin_formsets"]],
    ]


def restore(client, admin_name, obj, version):
    url = reverse(f"admin:{admin_name}_revision", args=[obj.pk, version.pk])
    form = client.get(url)
    assert form.status_code == 200
    with committed():
        response = client.post(url, admin_form_data(form), follow=True)
    assert response.redirect_chain, response.content.decode()[:2000]
    return response


def committed():
    """What waits for the commit (django-cleanup's deletions) runs as in production."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def first_version(obj):
    return Version.objects.get_for_object(obj).order_by("pk").first()


def read(name):
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def renditions_of(name, sizes):
    return [rendition_name(name, width, ext) for width, _height in sizes for ext in FORMATS]


def purge(*options):
    output = io.StringIO()
    call_command("purge_unused_files", *options, stdout=output)
    return output.getvalue()


def photo_replaced(client, partner):
    """Uploads a photo in the admin, then replaces its image: two versions, two files."""
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    post_change(
        client,
        url,
        **{
            "photos-TOTAL_FORMS": "1",
            "photos-0-partner": str(partner.pk),
            "photos-0-image": jpeg(640),
            "photos-0-alt_text": "Unterzeichnung im Rathaus",
            "photos-0-credit": "MAIS NRW",
            "photos-0-order": "0",
        },
    )
    first = Photo.objects.get(partner=partner)
    old = {
        "name": first.image.name,
        "bytes": read(first.image.name),
        "sizes": first.rendition_sizes,
    }
    post_change(client, url, **{"photos-0-image": jpeg(600)})
    first.refresh_from_db()
    assert first.image.name != old["name"]
    return first, old


@pytest.fixture
def partner(make_partner):
    return make_partner(name="Stadt Bildreich")


def test_a_restored_photo_is_served_again_with_its_renditions(admin_client, partner, media):
    photo, old = photo_replaced(admin_client, partner)
    old_renditions = renditions_of(old["name"], old["sizes"])
    assert old_renditions and all(default_storage.exists(name) for name in old_renditions)

    restore(admin_client, "partners_partner", partner, first_version(partner))

    photo.refresh_from_db()
    assert photo.image.name == old["name"]
    assert photo.rendition_sizes == old["sizes"]
    response = Client().get(f"/media/{old['name']}")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == old["bytes"]
    html = Client().get(partner.get_absolute_url()).content.decode()
    assert f"/media/{old['name']}" in html  # og:image
    for name in old_renditions:
        assert f"/media/{name}" in html
        assert Client().get(f"/media/{name}").status_code == 200


def test_a_restore_makes_missing_renditions_again(admin_client, partner, media):
    photo, old = photo_replaced(admin_client, partner)
    old_renditions = renditions_of(old["name"], old["sizes"])
    for name in old_renditions:
        default_storage.delete(name)

    restore(admin_client, "partners_partner", partner, first_version(partner))

    photo.refresh_from_db()
    assert photo.image.name == old["name"]
    assert all(default_storage.exists(name) for name in old_renditions)
    html = Client().get(partner.get_absolute_url()).content.decode()
    assert f"/media/{old_renditions[1]}" in html


def test_a_restore_says_when_a_file_is_gone(admin_client, partner, media):
    photo, old = photo_replaced(admin_client, partner)
    default_storage.delete(old["name"])  # e.g. removed before files were kept for versions

    response = restore(admin_client, "partners_partner", partner, first_version(partner))

    html = response.content.decode()
    assert "ist aber nicht mehr gespeichert" in html and old["name"] in html
    photo.refresh_from_db()
    assert photo.image.name == old["name"]


def release_with_attachment(client):
    release = PressRelease.objects.create(
        title="Neue Partner", slug="neue-partner", teaser="<p>Vorspann.</p>", body="<p>Text.</p>"
    )
    PressRelease.objects.filter(pk=release.pk).publish()
    url = reverse("admin:press_pressrelease_change", args=[release.pk])
    post_change(
        client,
        url,
        **{
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-press_release": str(release.pk),
            "attachments-0-title": "Vereinbarung",
            "attachments-0-file": SimpleUploadedFile("v.pdf", pdf_bytes(pages=1)),
            "attachments-0-order": "0",
        },
    )
    attachment = Attachment.objects.get(press_release=release)
    old_name = attachment.file.name
    post_change(
        client, url, **{"attachments-0-file": SimpleUploadedFile("v2.pdf", pdf_bytes(pages=2))}
    )
    attachment.refresh_from_db()
    assert attachment.file.name != old_name
    return release, attachment, old_name


def test_a_deleted_partner_is_recovered_with_its_photo(admin_client, partner, media):
    photo, _old = photo_replaced(admin_client, partner)
    name, sizes = photo.image.name, photo.rendition_sizes
    with committed():
        response = admin_client.post(
            reverse("admin:partners_partner_delete", args=[partner.pk]), {"post": "yes"}
        )
    assert response.status_code == 302 and not Photo.objects.exists()
    purge("--grace-hours=0")
    latest = Version.objects.get_for_object(partner).first()

    url = reverse("admin:partners_partner_recover", args=[latest.pk])
    with committed():
        assert admin_client.post(url, admin_form_data(admin_client.get(url))).status_code == 302

    assert Photo.objects.get(partner=partner).image.name == name
    assert Client().get(f"/media/{name}").status_code == 200
    for rendition in renditions_of(name, sizes):
        assert Client().get(f"/media/{rendition}").status_code == 200


def test_a_restored_press_attachment_is_downloaded_again(admin_client, media):
    release, attachment, old_name = release_with_attachment(admin_client)

    restore(admin_client, "press_pressrelease", release, first_version(release))

    attachment.refresh_from_db()
    assert attachment.file.name == old_name
    assert attachment.size == len(pdf_bytes(pages=1))
    response = Client().get(f"/media/{old_name}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf_bytes(pages=1)
    page = Client().get(release.get_absolute_url())
    assert page.status_code == 200 and f"/media/{old_name}" in page.content.decode()


def test_purge_keeps_what_versions_name_and_removes_the_rest(admin_client, partner, media):
    photo, old = photo_replaced(admin_client, partner)
    orphan = default_storage.save("partners/photos/verwaist.jpg", ContentFile(b"x"))
    orphan_rendition = default_storage.save(
        "partners/photos/renditions/verwaist-480w.webp", ContentFile(b"x")
    )
    elsewhere = default_storage.save("andere/notiz.pdf", ContentFile(b"x"))
    young = default_storage.save("press/attachments/gerade-hochgeladen.pdf", ContentFile(b"x"))
    hour_ago = time.time() - 3600
    for name in (orphan, orphan_rendition, elsewhere):
        os.utime(media / name, (hour_ago, hour_ago))
    before = set(storage_files(default_storage))

    output = purge("--dry-run", "--grace-hours=1")

    assert set(storage_files(default_storage)) == before  # a dry run deletes nothing
    assert orphan in output and orphan_rendition in output and "2 nicht mehr" in output

    purge("--grace-hours=1")

    assert before - set(storage_files(default_storage)) == {orphan, orphan_rendition}
    # The replaced photo and its renditions stay (the first version names it); the file of
    # no upload folder and the one younger than the grace period stay too.
    for name in [old["name"], *renditions_of(old["name"], old["sizes"]), elsewhere, young]:
        assert default_storage.exists(name)
    assert default_storage.exists(photo.image.name)


def test_files_of_pruned_versions_become_purgeable(admin_client, partner, media):
    photo, old = photo_replaced(admin_client, partner)
    purge("--grace-hours=0")
    assert default_storage.exists(old["name"])

    # Versions are kept until an operator prunes them (django-reversion's command).
    Revision.objects.filter(pk=first_version(partner).revision_id).delete()
    purge("--grace-hours=0")

    assert not default_storage.exists(old["name"])
    assert not any(default_storage.exists(n) for n in renditions_of(old["name"], old["sizes"]))
    assert default_storage.exists(photo.image.name)


def test_with_object_storage(admin_client, partner, media, s3_buckets):
    photo, old = photo_replaced(admin_client, partner)
    orphan = default_storage.save("partners/photos/verwaist.jpg", ContentFile(b"x"))
    keys = set(s3_buckets.server.keys(s3_buckets.public))
    assert {old["name"], photo.image.name, orphan} <= keys

    assert orphan in purge("--dry-run", "--grace-hours=0")
    assert set(s3_buckets.server.keys(s3_buckets.public)) == keys
    purge("--grace-hours=0")
    assert set(s3_buckets.server.keys(s3_buckets.public)) == keys - {orphan}

    restore(admin_client, "partners_partner", partner, first_version(partner))

    photo.refresh_from_db()
    assert photo.image.name == old["name"]
    with urllib.request.urlopen(photo.image.url, timeout=10) as response:  # the object store
        assert response.status == 200 and response.read() == old["bytes"]
    html = Client().get(partner.get_absolute_url()).content.decode()
    assert photo.image.url in html


# flush cannot run inside the test's transaction on PostgreSQL (deferred constraints).
@pytest.mark.django_db(transaction=True)
def test_a_backup_keeps_the_versions_and_their_files(admin_client, partner, media, tmp_path):
    photo, old = photo_replaced(admin_client, partner)
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=io.StringIO())
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["data"]["counts"]["reversion.version"] == Version.objects.count() > 0
    assert old["name"] in {entry["name"] for entry in manifest["files"]["media"]}

    call_command("flush", interactive=False, verbosity=0)
    for name in storage_files(default_storage):
        default_storage.delete(name)
    call_command("restore", str(backup), stdout=io.StringIO())
    purge("--grace-hours=0")  # the restored versions still name the replaced photo

    admin_client.force_login(User.objects.get(username="admin"))  # sessions are not kept
    restore(admin_client, "partners_partner", partner, first_version(partner))
    photo.refresh_from_db()
    assert photo.image.name == old["name"] and read(old["name"]) == old["bytes"]
