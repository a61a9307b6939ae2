"""Upload rules shared by every model that stores a file: one field and one validator per kind.

Every uploaded file is a PDF document (``PdfFileField``, ``validate_pdf``) or a JPEG, PNG or
WebP image (``ImageFileField``, ``validate_image``). The content decides, never the name the
uploader gave or the browser's content type:

- A PDF starts with the PDF header at its first byte, ends with the end-of-file marker and
  is read by a PDF parser (pypdf) within ``settings.MAX_PDF_PAGES``. Encrypted PDFs are
  refused: their structure cannot be checked without the password, and their permission
  flags can lock out screen readers.
- An image is a complete JPEG, PNG or WebP within ``settings.MAX_IMAGE_PIXELS``; SVG (which
  can carry script) is refused whatever it is called. Before it is stored, its orientation
  is applied and its metadata dropped (EXIF with GPS position, camera and owner, XMP,
  comments); the colour profile stays.
- The field stores the file under a random name with the suffix of its real type
  (``MEDIA_TYPES``), whatever path the file took (admin, public form, command): the upload
  is checked again when it is saved without having been validated.

Pillow's own decompression-bomb guard follows ``settings.MAX_IMAGE_PIXELS`` (set at import
and whenever the setting changes). Pillow refuses images above twice that limit while
opening them; ``validate_image`` refuses everything above the limit itself.
"""

import contextlib
import io
import uuid
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.signals import setting_changed
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.dispatch import receiver
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageOps
from pypdf import PdfReader

# The only suffixes a stored upload can have, with the type it is served as.
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}
IMAGE_SUFFIXES = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
PDF_SUFFIX = ".pdf"

INVALID_IMAGE_MESSAGE = _("Die Datei ist kein gültiges Bild (erlaubt: JPEG, PNG, WebP).")
TOO_MANY_PIXELS_MESSAGE = _(
    "Das Bild hat zu viele Bildpunkte (%(pixels)s, erlaubt sind %(limit)s). "
    "Bitte verkleinern Sie es vor dem Hochladen."
)
TOO_MANY_PIXELS_UNCOUNTED_MESSAGE = _(
    "Das Bild hat zu viele Bildpunkte (erlaubt sind %(limit)s). "
    "Bitte verkleinern Sie es vor dem Hochladen."
)
NOT_A_PDF_MESSAGE = _("Die Datei ist kein PDF-Dokument.")
DAMAGED_PDF_MESSAGE = _(
    "Das PDF-Dokument ist unvollständig oder beschädigt. Bitte speichern Sie es neu ab."
)
ENCRYPTED_PDF_MESSAGE = _(
    "Das PDF-Dokument ist verschlüsselt oder mit einem Kennwort geschützt. Bitte laden "
    "Sie eine Fassung ohne Schutz hoch, damit alle es öffnen und vorlesen lassen können."
)
TOO_MANY_PAGES_MESSAGE = _(
    "Das PDF-Dokument hat zu viele Seiten (%(pages)s, erlaubt sind %(limit)s)."
)

# Where a validator notes the real type of an upload it accepted, so that the field and
# further validators (form and model both validate) need not read the file again.
_CHECKED = "_vielfalt_suffix"


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
    """upload_to callable: keeps the folder, replaces the name by a random one.

    The suffix is the one the field chose from the content (``MEDIA_TYPES``); any other is
    refused, so that no upload can be stored as ".html", ".js" or ".svg".
    """

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        suffix = PurePath(filename).suffix.lower()
        if suffix not in MEDIA_TYPES:
            raise ValidationError(
                _("Dieser Dateityp ist nicht erlaubt."), code="invalid_file_type"
            )
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


def _upload(value):
    """The uploaded file itself, also when it comes wrapped in a model's FieldFile."""
    return value.file if isinstance(value, FieldFile) else value


def _is_stored(value):
    """A file already in storage was checked when it came in; it is not read again."""
    return getattr(value, "_committed", False)


@contextlib.contextmanager
def _from_the_start(uploaded_file):
    """Read from the first byte; afterwards the file is where it was."""
    position = uploaded_file.tell() if hasattr(uploaded_file, "tell") else 0
    uploaded_file.seek(0)
    try:
        yield uploaded_file
    finally:
        with contextlib.suppress(ValueError, OSError):  # a closed file needs no rewinding
            uploaded_file.seek(position)


def validate_pdf(value):
    """Accept only a complete, unencrypted PDF within the page limit, whatever its name."""
    if _is_stored(value):
        return
    uploaded_file = _upload(value)
    if getattr(uploaded_file, _CHECKED, None) == PDF_SUFFIX:
        return
    validate_file_size(uploaded_file)
    with _from_the_start(uploaded_file):
        if uploaded_file.read(5) != b"%PDF-":
            raise ValidationError(NOT_A_PDF_MESSAGE, code="invalid_pdf")
        # The parser forgives a missing end (it rebuilds the index); a cut-off upload must
        # not pass, so the end-of-file marker has to be where PDF readers look for it.
        uploaded_file.seek(max(0, uploaded_file.size - 1024))
        if b"%%EOF" not in uploaded_file.read():
            raise ValidationError(DAMAGED_PDF_MESSAGE, code="pdf_damaged")
        uploaded_file.seek(0)
        try:
            reader = PdfReader(uploaded_file, strict=False)
            encrypted = reader.is_encrypted
            pages = 0 if encrypted else len(reader.pages)
        # A parser fed hostile input fails in many ways; each means "not a readable PDF".
        except Exception as error:
            raise ValidationError(DAMAGED_PDF_MESSAGE, code="pdf_damaged") from error
    if encrypted:
        raise ValidationError(ENCRYPTED_PDF_MESSAGE, code="pdf_encrypted")
    if pages < 1:
        raise ValidationError(DAMAGED_PDF_MESSAGE, code="pdf_damaged")
    if pages > settings.MAX_PDF_PAGES:
        raise ValidationError(
            TOO_MANY_PAGES_MESSAGE,
            code="pdf_too_many_pages",
            params={"pages": _number(pages), "limit": _number(settings.MAX_PDF_PAGES)},
        )
    setattr(uploaded_file, _CHECKED, PDF_SUFFIX)


def validate_image(value):
    """Accept only complete JPEG, PNG and WebP images whose pixel count stays below the limit.

    Refuses everything that is not one of the three formats (SVG among them: it can carry
    script), images with more pixels than settings.MAX_IMAGE_PIXELS (checked from the
    header, before anything is decoded) and truncated or corrupt files (decoded once,
    JPEGs at an eighth of their size, so the pixel limit bounds the memory used).
    """
    if _is_stored(value):
        return
    uploaded_file = _upload(value)
    if getattr(uploaded_file, _CHECKED, None) in IMAGE_SUFFIXES.values():
        return
    validate_file_size(uploaded_file)
    with _from_the_start(uploaded_file):
        image_format, pixels = _inspect_image(uploaded_file)
    if image_format not in IMAGE_SUFFIXES:
        raise ValidationError(
            _("Das Bildformat ist nicht erlaubt (erlaubt: JPEG, PNG, WebP)."),
            code="invalid_image_format",
        )
    if pixels > settings.MAX_IMAGE_PIXELS:
        raise _too_many_pixels(pixels)
    with _from_the_start(uploaded_file):
        _decode_fully(uploaded_file)
    setattr(uploaded_file, _CHECKED, IMAGE_SUFFIXES[image_format])


def _inspect_image(uploaded_file):
    """Format and pixel count from the header; Pillow's own checks on the structure."""
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


def _decode_fully(uploaded_file):
    """Decode the image once so that truncated or corrupt data is refused now."""
    try:
        with Image.open(uploaded_file) as image:
            if image.format == "JPEG":
                image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
    except Exception as error:
        raise ValidationError(
            _("Das Bild ist unvollständig oder beschädigt. Bitte speichern Sie es neu ab."),
            code="image_damaged",
        ) from error


def _pixels_from_message(error):
    """Pillow names the pixel count only in its message ("Image size (N pixels) ...");
    None when a future Pillow words it differently (the message then omits the count)."""
    words = str(error).replace("(", " ").split()
    for word, following in zip(words, words[1:], strict=False):
        if word.isdigit() and following.startswith("pixels"):
            return int(word)
    return None


# What Pillow reports about an image's encoding, not about its content or origin.
TECHNICAL_KEYS = {
    *("icc_profile", "transparency", "dpi", "gamma", "srgb", "chromaticity", "aspect"),
    *("jfif", "jfif_version", "jfif_unit", "jfif_density", "adobe", "adobe_transform"),
    *("progressive", "progression", "interlace", "background", "loop", "duration"),
}


def has_metadata(image):
    """Whether an opened image carries anything ``without_metadata`` removes (EXIF, XMP,
    comments, text chunks, IPTC: every key that is not about the encoding)."""
    return bool(image.getexif()) or bool(set(image.info) - TECHNICAL_KEYS)


def without_metadata(uploaded_file):
    """The image upright and without metadata, in its own format, as bytes.

    Keeps only what the picture needs: the colour profile and PNG transparency. A JPEG that
    needs no turning keeps its quantisation tables, so it loses no further quality.
    """
    with _from_the_start(uploaded_file), Image.open(uploaded_file) as opened:
        image_format = opened.format
        kept = {
            key: opened.info[key] for key in ("icc_profile", "transparency") if key in opened.info
        }
        turned = opened.getexif().get(ExifTags.Base.Orientation, 1) != 1
        image = ImageOps.exif_transpose(opened) if turned else opened
        image.info = kept
        options = {}
        if image_format == "JPEG":
            options = {"quality": 90} if turned else {"quality": "keep", "subsampling": "keep"}
        elif image_format == "WEBP":
            options = {"lossless": True} if _is_lossless_webp(uploaded_file) else {"quality": 90}
        buffer = io.BytesIO()
        image.save(buffer, image_format, **kept, **options)
    return buffer.getvalue()


def _is_lossless_webp(uploaded_file):
    """Whether the WebP's picture chunk is the lossless kind (VP8L), found by walking the
    RIFF chunks (a colour profile or metadata may come first)."""
    with _from_the_start(uploaded_file):
        uploaded_file.seek(12)  # "RIFF", size, "WEBP"
        while len(header := uploaded_file.read(8)) == 8:
            kind, size = header[:4], int.from_bytes(header[4:], "little")
            if kind in (b"VP8L", b"VP8 "):
                return kind == b"VP8L"
            uploaded_file.seek(size + size % 2, io.SEEK_CUR)
    return False


# --- Fields -------------------------------------------------------------------------------


class _CheckedFieldFile:
    """Saving a file goes through the field's check; the stored name has the real suffix."""

    def save(self, name, content, save=True):
        suffix, content = self.field.checked_upload(content)
        super().save(f"upload{suffix}", content, save)


class PdfFieldFile(_CheckedFieldFile, FieldFile):
    pass


class CleanImageFieldFile(_CheckedFieldFile, ImageFieldFile):
    pass


class _CheckedFileField:
    """What both upload fields share: the size remembered in a field of the model.

    ``size_field`` names a field that gets the file's size in bytes whenever the file is
    saved, so that pages listing files need not ask the storage (declare it after the file
    field, as with ImageField's ``width_field``).
    """

    def __init__(self, *args, size_field=None, **kwargs):
        self.size_field = size_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.size_field:
            kwargs["size_field"] = self.size_field
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        stored = super().pre_save(model_instance, add)
        if self.size_field and stored:
            with contextlib.suppress(OSError):  # a missing file keeps its recorded size
                setattr(model_instance, self.size_field, stored.size)
        return stored


class PdfFileField(_CheckedFileField, models.FileField):
    """A PDF document: checked by ``validate_pdf``, stored as "<random>.pdf"."""

    attr_class = PdfFieldFile
    default_validators = [validate_pdf]

    def checked_upload(self, content):
        validate_pdf(_upload(content))  # also a file copied from another field is checked
        return PDF_SUFFIX, content

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PdfUploadField, **kwargs})


class ImageFileField(_CheckedFileField, models.ImageField):
    """A JPEG, PNG or WebP image: checked by ``validate_image``, stored upright and without
    metadata as "<random>.jpg", ".png" or ".webp"."""

    attr_class = CleanImageFieldFile
    default_validators = [validate_image]

    def checked_upload(self, content):
        upload = _upload(content)
        validate_image(upload)  # also a file copied from another field is checked
        suffix = getattr(upload, _CHECKED)
        # Named: ImageField reads the new width and height from it (a nameless file is falsy).
        return suffix, ContentFile(without_metadata(upload), name=f"upload{suffix}")

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        # A stored image gone missing (a restored version's, from before files were kept)
        # keeps its recorded width and height: the form around it must still save.
        with contextlib.suppress(OSError):
            super().update_dimension_fields(instance, force, *args, **kwargs)


class PdfUploadField(forms.FileField):
    """forms.FileField that refuses a file too large before it is read, and offers PDFs
    first in the browser's file chooser."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ".pdf,application/pdf")

    def to_python(self, data):
        if data is not None and getattr(data, "size", None) is not None:
            validate_file_size(data)
        return super().to_python(data)


class ImageUploadField(forms.ImageField):
    """forms.ImageField with the portal's rules and German messages.

    Checks the size before Pillow reads anything, answers a decompression bomb with "too
    many pixels" rather than "not an image", and leaves the file name out of it (the
    content decides). ``ImageFileField`` uses it in forms and the admin.
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
