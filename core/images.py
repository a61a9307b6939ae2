"""Responsive image renditions: smaller copies of an uploaded image in WebP and JPEG.

Made once when an image is saved (not per request), stored next to the original in the
media storage under names derived from the original's name, so they can be found again
and removed with it:

    partners/photos/3f2a….jpg  →  partners/photos/renditions/3f2a…-480w.webp, …-480w.jpg, …

The copies lose the original's metadata (EXIF: camera, GPS position) and take its
orientation into account. They are never wider than the original. ``RenditionsMixin`` gives
a model with an image field its renditions; they stay as long as their original and leave
with it (``manage.py purge_unused_files``, ``original_name_of``).
"""

import io
import logging
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

FORMATS = {"webp": ("WEBP", {"quality": 80, "method": 4}), "jpg": ("JPEG", {"quality": 82})}


def rendition_name(source_name, width, extension):
    path = PurePosixPath(source_name)
    return str(path.parent / "renditions" / f"{path.stem}-{width}w.{extension}")


def original_stem(name):
    """(folder, stem) of the original a file belongs to: a rendition's original, or the
    file itself. The stem is random per upload, so it names the original whatever its
    suffix."""
    path = PurePosixPath(name)
    width = path.stem.rpartition("-")[2]
    if (
        path.parent.name == "renditions"
        and path.suffix[1:] in FORMATS
        and width.endswith("w")
        and width[:-1].isdigit()
    ):
        return str(path.parent.parent), path.stem.rpartition("-")[0]
    return str(path.parent), path.stem


def rendition_widths(original_width, widths):
    """The configured widths below the original's, plus the original's if it is smaller
    than the largest configured one (so a 1200 px photo gets 480, 960 and 1200)."""
    chosen = [width for width in sorted(widths) if width < original_width]
    if original_width <= max(widths):
        chosen.append(original_width)
    return chosen


def make_renditions(field_file, widths):
    """Write the renditions of ``field_file`` and return their sizes as [[width, height]].

    Returns [] when the stored image cannot be read; the caller then shows the original.
    """
    storage = field_file.storage
    try:
        with field_file.open("rb") as handle, Image.open(handle) as opened:
            image = ImageOps.exif_transpose(opened)
            image.load()
    except (OSError, ValueError, Image.DecompressionBombError):
        logger.warning("No renditions for %s: the image cannot be read.", field_file.name)
        return []
    has_alpha = image.mode in ("RGBA", "LA") or (
        image.mode == "P" and "transparency" in image.info
    )
    image = image.convert("RGBA" if has_alpha else "RGB")
    sizes = []
    # Largest first: each smaller copy is scaled from the previous one, which is faster.
    current = image
    for width in sorted(rendition_widths(image.width, widths), reverse=True):
        height = max(1, round(image.height * width / image.width))
        if (width, height) != current.size:
            current = current.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for extension, (image_format, options) in FORMATS.items():
            output = current
            if image_format == "JPEG" and current.mode == "RGBA":
                output = Image.new("RGB", current.size, "white")
                output.paste(current, mask=current.getchannel("A"))
            buffer = io.BytesIO()
            extra = {"progressive": True, "optimize": True} if image_format == "JPEG" else {}
            output.save(buffer, image_format, **options, **extra)
            name = rendition_name(field_file.name, width, extension)
            if storage.exists(name):
                storage.delete(name)  # the name is deterministic: replace, never "name_x7"
            storage.save(name, ContentFile(buffer.getvalue()))
        sizes.append([width, height])
    return sorted(sizes)


def delete_renditions(storage, source_name):
    """Remove every rendition of ``source_name``, also of widths configured in the past.

    Found by listing the renditions folder, which works the same on disk and in object
    storage; the random stem makes the prefix unique to one original.
    """
    folder = PurePosixPath(rendition_name(source_name, 0, "x")).parent
    prefix = f"{PurePosixPath(source_name).stem}-"
    try:
        _folders, files = storage.listdir(str(folder))
    except FileNotFoundError:
        return
    for file_name in files:
        if file_name.startswith(prefix) and file_name.rsplit(".", 1)[-1] in FORMATS:
            try:
                storage.delete(str(folder / file_name))
            except OSError:
                logger.warning("Could not delete the rendition %s.", folder / file_name)


def srcset(storage, source_name, sizes, extension):
    return ", ".join(
        f"{storage.url(rendition_name(source_name, width, extension))} {width}w"
        for width, _height in sizes
    )


class RenditionsMixin:
    """Responsive renditions for a model's image field (``rendition_field``).

    The model declares a JSONField ``renditions`` (not editable) that records
    ``{"source": image name the renditions were made from, "sizes": [[width, height], …]}``
    (the file names follow from both) and ``SIZES``, the ``sizes`` attribute for the
    browser's choice. The renditions are made when the model is saved with a new image.
    """

    rendition_field = "image"

    @property
    def rendition_source(self):
        return getattr(self, self.rendition_field)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.update_renditions()

    def update_renditions(self, force=False):
        """Make the WebP and JPEG renditions unless they exist for the current image.

        Returns True when it made them. Those of a replaced image stay as long as it does.
        """
        image = self.rendition_source
        source = image.name if image else ""
        previous = self.renditions or {}
        if previous.get("source") == source and (previous.get("sizes") or not source):
            if not force:
                return False
        sizes = make_renditions(image, settings.PHOTO_RENDITION_WIDTHS) if source else []
        self.renditions = {"source": source, "sizes": sizes} if source else {}
        type(self).objects.filter(pk=self.pk).update(renditions=self.renditions)
        return True

    def restore_renditions(self):
        """After a restore: make the renditions again if any of them is missing from the
        storage (or the restored record names none). Returns True when it made them."""
        image = self.rendition_source
        if not image:
            return False
        names = [
            rendition_name(image.name, width, extension)
            for width, _height in self.rendition_sizes
            for extension in FORMATS
        ]
        if names and all(image.storage.exists(name) for name in names):
            return False
        return self.update_renditions(force=True)

    @property
    def rendition_sizes(self):
        image = self.rendition_source
        if image and self.renditions.get("source") == image.name:
            return self.renditions.get("sizes", [])
        return []

    def srcset(self, extension):
        image = self.rendition_source
        return srcset(image.storage, image.name, self.rendition_sizes, extension)

    @property
    def webp_srcset(self):
        return self.srcset("webp")

    @property
    def jpeg_srcset(self):
        return self.srcset("jpg")

    @property
    def display_size(self):
        """Width and height for the <img> attributes (the largest rendition's, or the
        original's): they give the browser the aspect ratio before the image loads."""
        sizes = self.rendition_sizes
        if sizes:
            return tuple(sizes[-1])
        field = self._meta.get_field(self.rendition_field)
        return (getattr(self, field.width_field), getattr(self, field.height_field))

    @property
    def display_url(self):
        """The src for browsers without srcset: the rendition nearest to 960 px."""
        image = self.rendition_source
        sizes = self.rendition_sizes
        if not sizes:
            return image.url
        width = min(sizes, key=lambda size: abs(size[0] - 960))[0]
        return image.storage.url(rendition_name(image.name, width, "jpg"))
