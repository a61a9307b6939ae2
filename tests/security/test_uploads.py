"""Crafted files against the photo upload in the admin (the rules live in core/uploads.py)."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.uploads import _pixels_from_message, _too_many_pixels, validate_image
from partners.models import Partner, Photo
from tests.partners.test_admin import _partner_post


@pytest.fixture
def admin_client(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return admin_client


@pytest.fixture(scope="module")
def bomb_png():
    """20000 × 20000 pixels (400 million) in about 50 KB: decoding it would need gigabytes."""
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, "PNG")
    return buffer.getvalue()


def image_bytes(image_format, size=(60, 40), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, "teal").save(buffer, image_format)
    return buffer.getvalue()


def upload(admin_client, category, filename, content):
    photo = SimpleUploadedFile(filename, content, "image/jpeg")
    return admin_client.post(
        reverse("admin:partners_partner_add"),
        _partner_post(category, **{"photos-0-image": photo}),
    )


def photo_errors(response):
    """The error list the admin shows at the photo's image field."""
    html = response.content.decode()
    return " ".join(re.findall(r'<ul class="errorlist"[^>]*>(.*?)</ul>', html, re.S))


def assert_refused(response, message):
    assert response.status_code == 200
    assert message in photo_errors(response)
    assert not Partner.objects.exists() and not Photo.objects.exists()
    # The editor's other input stays in the form.
    assert 'value="Stadt Neu"' in response.content.decode()
    assert "Zwei Personen halten die Vereinbarung" in response.content.decode()


def test_decompression_bomb_is_refused_as_too_many_pixels(admin_client, category, bomb_png):
    assert len(bomb_png) < 100_000
    response = upload(admin_client, category, "riesig.png", bomb_png)
    assert_refused(response, "Das Bild hat zu viele Bildpunkte (400.000.000, erlaubt sind")


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_image_just_above_the_pixel_limit_is_refused(admin_client, category, settings):
    # Pillow itself only warns between one and two times its limit; the validator refuses.
    settings.MAX_IMAGE_PIXELS = 2000
    response = upload(admin_client, category, "foto.jpg", image_bytes("JPEG", (50, 50)))
    assert_refused(response, "Das Bild hat zu viele Bildpunkte (2.500, erlaubt sind 2.000)")


def test_truncated_jpeg_is_refused(admin_client, category):
    whole = image_bytes("JPEG", (400, 300))
    response = upload(admin_client, category, "abgeschnitten.jpg", whole[: len(whole) // 2])
    assert_refused(response, "Das Bild ist unvollständig oder beschädigt.")


def test_truncated_png_is_refused(admin_client, category):
    buffer = io.BytesIO()
    Image.effect_noise((200, 200), 60).save(buffer, "PNG")
    response = upload(admin_client, category, "abgeschnitten.png", buffer.getvalue()[:-2000])
    assert_refused(response, "Die Datei ist kein gültiges Bild (erlaubt: JPEG, PNG, WebP).")


@pytest.mark.parametrize(
    "filename",
    ["logo.svg", "logo.png", "logo.jpg"],
)
def test_svg_with_script_is_refused_whatever_its_name(admin_client, category, filename):
    svg = (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
    )
    response = upload(admin_client, category, filename, svg)
    assert_refused(response, "Die Datei ist kein gültiges Bild (erlaubt: JPEG, PNG, WebP).")


def test_other_image_formats_are_refused(admin_client, category):
    response = upload(admin_client, category, "animation.gif", image_bytes("GIF", mode="P"))
    assert_refused(response, "Das Bildformat ist nicht erlaubt (erlaubt: JPEG, PNG, WebP).")


def test_oversized_file_is_refused_before_it_is_read(admin_client, category, settings):
    settings.MAX_UPLOAD_SIZE = 1024
    content = image_bytes("PNG", (300, 300), mode="RGB")
    noisy = io.BytesIO()
    Image.effect_noise((300, 300), 80).save(noisy, "PNG")
    response = upload(admin_client, category, "gross.png", noisy.getvalue())
    assert len(noisy.getvalue()) > 1024 and content
    assert_refused(response, "Die Datei ist zu groß")
    assert "Erlaubt sind höchstens 1,0\xa0KB." in photo_errors(response)


def test_png_named_jpg_is_accepted_as_png(admin_client, category):
    """The content decides: a real PNG is fine, and it is stored under a PNG name."""
    response = upload(admin_client, category, "../Foto vom Termin.jpg", image_bytes("PNG"))
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert re.fullmatch(r"partners/photos/[0-9a-f]{32}\.png", photo.image.name)
    assert (photo.width, photo.height) == (60, 40)
    with Image.open(photo.image.path) as stored:
        assert stored.format == "PNG"


@pytest.mark.parametrize(("image_format", "suffix"), [("JPEG", "jpg"), ("WEBP", "webp")])
def test_jpeg_and_webp_are_accepted_under_random_names(
    admin_client, category, image_format, suffix
):
    response = upload(admin_client, category, "Unterzeichnung.bild", image_bytes(image_format))
    assert response.status_code == 302
    assert re.fullmatch(
        rf"partners/photos/[0-9a-f]{{32}}\.{suffix}", Photo.objects.get().image.name
    )


def test_too_many_pixels_message_without_a_count_from_pillow():
    bomb = Image.DecompressionBombError("Image size (400000000 pixels) exceeds limit of ...")
    assert _pixels_from_message(bomb) == 400_000_000
    assert _pixels_from_message(Image.DecompressionBombError("too large")) is None
    error = _too_many_pixels(None)
    assert isinstance(error, ValidationError)
    assert error.messages[0].startswith(
        "Das Bild hat zu viele Bildpunkte (erlaubt sind 40.000.000)"
    )


def test_pillow_limit_follows_the_setting(settings):
    assert Image.MAX_IMAGE_PIXELS == settings.MAX_IMAGE_PIXELS
    settings.MAX_IMAGE_PIXELS = 1234
    assert Image.MAX_IMAGE_PIXELS == 1234


def test_stored_photos_are_not_read_again_on_later_saves(admin_client, category):
    """A stored photo was checked on upload; validating the model again must not reread it."""
    upload(admin_client, category, "foto.jpg", image_bytes("JPEG"))
    stored = Photo.objects.get().image
    stored.storage.delete(stored.name)
    validate_image(stored)  # would raise "kein gültiges Bild" if it opened the file
