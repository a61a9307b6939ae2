"""Two deletion policies. A file of a model kept in versions stays when it is replaced or its
row deleted (a restore may need it); ``purge_unused_files`` removes it, with its renditions,
once no row and no version names it. Other files (request attachments) leave the storage
when the change is committed, never on a rollback."""

import contextlib
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction

from contact.models import Document, PartnerRequest
from partners.models import Photo
from press.models import Attachment, PressRelease
from tests.helpers import PDF_BYTES, image_bytes, pdf_bytes, stored_files


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the deletions) at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def picture(width=1000):
    return ContentFile(image_bytes("JPEG", size=(width, width // 2)), name="bild.jpg")


def release():
    return PressRelease.objects.create(
        title="Mitteilung", slug="mitteilung", teaser="t", body="b", is_published=True
    )


def stems(media):
    return {name.rsplit("/", 1)[-1].split("-")[0].split(".")[0] for name in stored_files(media)}


def purge():
    call_command("purge_unused_files", "--grace-hours=0", stdout=io.StringIO())


def test_photo_replaced_and_deleted_stays_until_purged(make_partner, media, commit):
    with commit():
        photo = Photo.objects.create(
            partner=make_partner(), image=picture(), alt_text="Foto", credit="MAIS"
        )
    first = stems(media)
    assert len(stored_files(media)) == 1 + 2 * 3  # 480, 960, 1000 in WebP and JPEG
    with commit():
        photo.image = picture(800)
        photo.save()
    assert len(stored_files(media)) == 1 + 2 * 3 + 1 + 2 * 2
    purge()  # no version names the first image: it goes with its renditions
    assert stems(media) == {photo.image.name.rsplit("/", 1)[-1].split(".")[0]} != first
    assert len(stored_files(media)) == 1 + 2 * 2
    with commit():
        photo.delete()
    assert len(stored_files(media)) == 1 + 2 * 2
    purge()
    assert stored_files(media) == []


def test_press_image_and_attachment_stay_until_purged(db, media, commit):
    with commit():
        item = release()
        item.image = picture()
        item.image_alt, item.image_credit = "Bild", "MAIS"
        item.save()
        attachment = Attachment.objects.create(
            press_release=item, title="PDF", file=ContentFile(pdf_bytes(), name="a.pdf")
        )
    kept = stored_files(media)
    assert len(kept) == 1 + 2 * 3 + 1
    with commit():
        attachment.file = ContentFile(pdf_bytes(pages=2), name="b.pdf")
        attachment.save()
        item.image = None
        item.save()
        PressRelease.objects.all().delete()  # a QuerySet delete, as the admin's action
    assert set(kept) < set(stored_files(media))
    purge()
    assert stored_files(media) == []


def test_a_request_attachment_leaves_at_once_but_not_on_a_rollback(
    category, settings, tmp_path, commit
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    with commit():
        partner_request = PartnerRequest.objects.create(
            organisation="Verein", category=category, attachment=ContentFile(PDF_BYTES, name="a")
        )
    before = stored_files(settings.PRIVATE_MEDIA_ROOT)
    assert len(before) == 1
    with commit(), contextlib.suppress(RuntimeError), transaction.atomic():
        partner_request.delete()
        raise RuntimeError("the deletion fails later in the request")
    assert stored_files(settings.PRIVATE_MEDIA_ROOT) == before
    with commit():
        PartnerRequest.objects.get().delete()
    assert stored_files(settings.PRIVATE_MEDIA_ROOT) == []


def test_file_sizes_are_remembered_on_every_save(db, media):
    """Both PDF models remember the size (size_field), also after the file is replaced."""
    document = Document.objects.create(title="Flyer", file=ContentFile(pdf_bytes(), name="f"))
    assert document.file_size == len(pdf_bytes())
    document.file = ContentFile(pdf_bytes(pages=3), name="g")
    document.save()
    assert Document.objects.get().file_size == len(pdf_bytes(pages=3))
    attachment = Attachment.objects.create(
        press_release=release(), title="PDF", file=ContentFile(pdf_bytes(pages=2), name="a")
    )
    assert Attachment.objects.get().size == attachment.file.size == len(pdf_bytes(pages=2))
