"""Upload rules shared by every model that stores a file from the admin or a form.

File names are replaced by random ones so that nothing a user named a file ends up in a
URL, and the content is checked rather than the name or the browser's content type.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image

ALLOWED_IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


@deconstructible
class RandomFileName:
    """upload_to callable: keeps the folder, replaces the name by a random one."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        suffix = PurePath(filename).suffix.lower()[:10]
        return f"{self.folder}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other):
        return isinstance(other, RandomFileName) and other.folder == self.folder


def _already_stored(file):
    """A file that was checked when it was uploaded and is now only saved again (an admin
    form with an unchanged photo): its storage file may be closed, and needs no check."""
    return getattr(file, "_committed", False) is True


def validate_file_size(uploaded_file):
    limit = settings.MAX_UPLOAD_SIZE
    if uploaded_file.size > limit:
        raise ValidationError(
            _("Die Datei ist zu groß (%(size)s). Erlaubt sind höchstens %(limit)s."),
            code="file_too_large",
            params={
                "size": filesizeformat(uploaded_file.size),
                "limit": filesizeformat(limit),
            },
        )


def validate_image(uploaded_file):
    """Accept only JPEG, PNG and WebP whose pixel count stays below the limit.

    Pillow's own decompression-bomb guard raises for huge images; we catch it and answer
    in German, and also refuse everything that is not one of the three formats (SVG
    among them: it can carry script).
    """
    if _already_stored(uploaded_file):
        return
    validate_file_size(uploaded_file)
    position = uploaded_file.tell() if hasattr(uploaded_file, "tell") else 0
    try:
        uploaded_file.seek(0)
        with Image.open(uploaded_file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except Image.DecompressionBombError as error:
        raise ValidationError(
            _("Das Bild hat zu viele Bildpunkte."), code="image_too_many_pixels"
        ) from error
    except Exception as error:
        raise ValidationError(
            _("Die Datei ist kein gültiges Bild (erlaubt: JPEG, PNG, WebP)."),
            code="invalid_image",
        ) from error
    finally:
        try:
            uploaded_file.seek(position)
        except Exception:  # noqa: BLE001 - a closed file needs no rewinding
            pass
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            _("Das Bildformat ist nicht erlaubt (erlaubt: JPEG, PNG, WebP)."),
            code="invalid_image_format",
        )
    if width * height > settings.MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("Das Bild hat zu viele Bildpunkte (%(pixels)s, erlaubt sind %(limit)s)."),
            code="image_too_many_pixels",
            params={"pixels": width * height, "limit": settings.MAX_IMAGE_PIXELS},
        )


def validate_pdf(uploaded_file):
    """Accept only files whose content starts like a PDF, whatever their name says."""
    if _already_stored(uploaded_file):
        return
    validate_file_size(uploaded_file)
    position = uploaded_file.tell() if hasattr(uploaded_file, "tell") else 0
    uploaded_file.seek(0)
    head = uploaded_file.read(1024)
    uploaded_file.seek(position)
    if b"%PDF-" not in head[:1024]:
        raise ValidationError(_("Die Datei ist kein PDF-Dokument."), code="invalid_pdf")
