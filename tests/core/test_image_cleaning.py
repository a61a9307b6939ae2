"""Removing an image's metadata costs no quality where no turning is needed."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image, ImageCms

from partners.models import Photo


def test_an_upright_jpeg_keeps_its_quality(make_partner, settings, tmp_path):
    """Without turning, the JPEG is written with its own quantisation tables."""
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.effect_noise((200, 100), 40).convert("RGB").save(buffer, "JPEG", quality=95)
    photo = Photo.objects.create(
        partner=make_partner(),
        image=ContentFile(buffer.getvalue(), name="rauschen.jpg"),
        alt_text="Rauschen",
        credit="MAIS",
    )
    with Image.open(io.BytesIO(buffer.getvalue())) as original, photo.image.open() as file:
        with Image.open(file) as stored:
            assert stored.quantization == original.quantization


@pytest.mark.parametrize("lossless", [True, False])
def test_a_webp_keeps_its_kind_behind_a_colour_profile(make_partner, settings, tmp_path, lossless):
    """A lossless WebP (graphics, logos) stays lossless; the colour profile comes first."""
    settings.MEDIA_ROOT = tmp_path
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    Image.effect_noise((120, 80), 40).convert("RGB").save(
        buffer, "WEBP", lossless=lossless, icc_profile=profile
    )
    photo = Photo.objects.create(
        partner=make_partner(),
        image=ContentFile(buffer.getvalue(), name="grafik.webp"),
        alt_text="Grafik",
        credit="MAIS",
    )
    stored = (tmp_path / photo.image.name).read_bytes()
    assert (b"VP8L" in stored) is lossless
    assert b"ICCP" in stored
