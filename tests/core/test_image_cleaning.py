"""Removing an image's metadata costs no quality where no turning is needed."""

import io

from django.core.files.base import ContentFile
from PIL import Image

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
