"""One deletion policy for every file field: a replaced or deleted file leaves the storage
(after the commit), and an image's renditions leave with it."""

import contextlib

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from contact.models import Document
from partners.models import Photo
from press.models import Attachment, PressRelease
from tests.helpers import image_bytes, pdf_bytes, stored_files


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


def test_photo_replaced_and_deleted_takes_its_renditions(make_partner, media, commit):
    with commit():
        photo = Photo.objects.create(
            partner=make_partner(), image=picture(), alt_text="Foto", credit="MAIS"
        )
    first = photo.image.name
    assert len(stored_files(media)) == 1 + 2 * 3  # 480, 960, 1000 in WebP and JPEG
    with commit():
        photo.image = picture(800)
        photo.save()
    assert photo.image.name != first
    assert stems(media) == {photo.image.name.rsplit("/", 1)[-1].split(".")[0]}
    assert len(stored_files(media)) == 1 + 2 * 2
    with commit():
        photo.delete()
    assert stored_files(media) == []


def test_press_image_replaced_and_deleted_takes_its_renditions(db, media, commit):
    with commit():
        item = release()
        item.image = picture()
        item.image_alt, item.image_credit = "Bild", "MAIS"
        item.save()
    assert len(stored_files(media)) == 1 + 2 * 3
    with commit():
        item.image = picture(600)
        item.save()
    assert stems(media) == {item.image.name.rsplit("/", 1)[-1].split(".")[0]}
    with commit():
        item.image = None
        item.save()
    assert stored_files(media) == []
    with commit():
        item.image = picture()
        item.save()
        assert stored_files(media)
        PressRelease.objects.all().delete()  # a QuerySet delete, as the admin's action
    assert stored_files(media) == []


def test_press_attachment_replaced_and_deleted(db, media, commit):
    with commit():
        attachment = Attachment.objects.create(
            press_release=release(), title="PDF", file=ContentFile(pdf_bytes(), name="a.pdf")
        )
    first = attachment.file.name
    with commit():
        attachment.file = ContentFile(pdf_bytes(pages=2), name="b.pdf")
        attachment.save()
    assert stored_files(media) == [attachment.file.name] != [first]
    with commit():
        attachment.press_release.delete()  # the attachment goes by cascade
    assert stored_files(media) == []


def test_nothing_is_deleted_when_the_transaction_rolls_back(make_partner, media, commit):
    with commit():
        photo = Photo.objects.create(
            partner=make_partner(), image=picture(), alt_text="Foto", credit="MAIS"
        )
    before, pk = stored_files(media), photo.pk
    with commit(), contextlib.suppress(RuntimeError), transaction.atomic():
        photo.delete()
        raise RuntimeError("the deletion fails later in the request")
    assert stored_files(media) == before
    assert Photo.objects.filter(pk=pk).exists()


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
