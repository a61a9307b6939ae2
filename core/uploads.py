"""Upload rules shared by every model that stores a file from the admin or a form.

File names are replaced by random ones so that nothing a user named a file ends up in a
URL, and the content is checked rather than the name or the browser's content type: a PNG
called "foto.jpg" is accepted as the PNG it is and stored as ".png"; an SVG (which can
carry script) is refused whatever it is called.

Pillow's own decompression-bomb guard follows ``settings.MAX_IMAGE_PIXELS`` (set at import
and whenever the setting changes). Pillow refuses images above twice that limit while
opening them; ``validate_image`` refuses everything above the limit itself. Forms and the
admin should use ``ImageUploadField`` for images, so that those refusals read in German
and name the real reason instead of Django's generic "not an image".
"""

import uuid
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image

ALLOWED_IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}

INVALID_IMAGE_MESSAGE = _("Die Datei ist kein gültiges Bild (erlaubt: JPEG, PNG, WebP).")
TOO_MANY_PIXELS_MESSAGE = _(
    "Das Bild hat zu viele Bildpunkte (%(pixels)s, erlaubt sind %(limit)s). "
    "Bitte verkleinern Sie es vor dem Hochladen."
)
TOO_MANY_PIXELS_UNCOUNTED_MESSAGE = _(
    "Das Bild hat zu viele Bildpunkte (erlaubt sind %(limit)s). "
    "Bitte verkleinern Sie es vor dem Hochladen."
)


def apply_pillow_pixel_limit():
    """Let Pillow's decompression-bomb guard follow settings.MAX_IMAGE_PIXELS."""
    Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS


apply_pillow_pixel_limit()


@receiver(setting_changed)
def _follow_pixel_limit(setting, **kwargs):
    if setting == "MAX_IMAGE_PIXELS":
        apply_pillow_pixel_limit()


def _too_many_pixels(pixels=None):
    limit = _number(settings.MAX_IMAGE_PIXELS)
    if not pixels:
        return ValidationError(
            TOO_MANY_PIXELS_UNCOUNTED_MESSAGE,
            code="image_too_many_pixels",
            params={"limit": limit},
        )
    return ValidationError(
        TOO_MANY_PIXELS_MESSAGE,
        code="image_too_many_pixels",
        params={"pixels": _number(pixels), "limit": limit},
    )


def _number(value):
    return f"{value:,}".replace(",", ".")


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
    """Accept only complete JPEG, PNG and WebP images whose pixel count stays below the limit.

    Refuses everything that is not one of the three formats (SVG among them: it can carry
    script), images with more pixels than settings.MAX_IMAGE_PIXELS (checked from the
    header, before anything is decoded) and truncated or corrupt files (decoded once,
    JPEGs at an eighth of their size, so the pixel limit bounds the memory used).

    A new upload's name gets the suffix of its real format, so that the stored file is
    served with the right content type whatever the uploader called it. A file already in
    storage was checked when it came in and is not read again on every later save.
    """
    if getattr(uploaded_file, "_committed", False):
        return
    validate_file_size(uploaded_file)
    position = uploaded_file.tell() if hasattr(uploaded_file, "tell") else 0
    try:
        image_format, pixels = _inspect_image(uploaded_file)
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
    if pixels > settings.MAX_IMAGE_PIXELS:
        raise _too_many_pixels(pixels)
    _decode_fully(uploaded_file, position)
    if getattr(uploaded_file, "name", ""):
        name = PurePath(uploaded_file.name)
        uploaded_file.name = name.stem + ALLOWED_IMAGE_FORMATS[image_format]


def _inspect_image(uploaded_file):
    """Format and pixel count from the header; Pillow's own checks on the structure."""
    uploaded_file.seek(0)
    try:
        # Between one and two times the limit Pillow only warns; validate_image refuses.
        with Image.open(uploaded_file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except Image.DecompressionBombError as error:
        raise _too_many_pixels(_pixels_from_message(error)) from error
    except Exception as error:
        raise ValidationError(INVALID_IMAGE_MESSAGE, code="invalid_image") from error
    return image_format, width * height


def _decode_fully(uploaded_file, position):
    """Decode the image once so that truncated or corrupt data is refused now."""
    try:
        uploaded_file.seek(0)
        with Image.open(uploaded_file) as image:
            if image.format == "JPEG":
                image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
    except Exception as error:
        raise ValidationError(
            _("Das Bild ist unvollständig oder beschädigt. Bitte speichern Sie es neu ab."),
            code="image_damaged",
        ) from error
    finally:
        try:
            uploaded_file.seek(position)
        except Exception:  # noqa: BLE001 - a closed file needs no rewinding
            pass


def _pixels_from_message(error):
    """Pillow names the pixel count only in its message ("Image size (N pixels) ...");
    None when a future Pillow words it differently (the message then omits the count)."""
    words = str(error).replace("(", " ").split()
    for word, following in zip(words, words[1:], strict=False):
        if word.isdigit() and following.startswith("pixels"):
            return int(word)
    return None


class ImageUploadField(forms.ImageField):
    """forms.ImageField with the portal's rules and German messages.

    Checks the size before Pillow reads anything, answers a decompression bomb with "too
    many pixels" rather than "not an image", and leaves the file name out of it (the
    content decides; validate_image gives the stored file the right suffix). Use it in
    forms and, through ``formfield_overrides``, in the admin.
    """

    default_validators = [validate_image]
    default_error_messages = {"invalid_image": INVALID_IMAGE_MESSAGE}

    def to_python(self, data):
        if data is not None and getattr(data, "size", None) is not None:
            validate_file_size(data)
        try:
            return super().to_python(data)
        except ValidationError as error:
            if isinstance(error.__cause__, Image.DecompressionBombError):
                raise _too_many_pixels(_pixels_from_message(error.__cause__)) from error
            raise


def validate_pdf(uploaded_file):
    """Accept only files whose content starts like a PDF, whatever their name says."""
    validate_file_size(uploaded_file)
    position = uploaded_file.tell() if hasattr(uploaded_file, "tell") else 0
    uploaded_file.seek(0)
    head = uploaded_file.read(1024)
    uploaded_file.seek(position)
    if b"%PDF-" not in head[:1024]:
        raise ValidationError(_("Die Datei ist kein PDF-Dokument."), code="invalid_pdf")
