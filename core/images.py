"""Responsive image renditions: smaller copies of an uploaded image in WebP and JPEG.

Made once when an image is saved (not per request), stored next to the original in the
media storage under names derived from the original's name, so they can be found again
and removed with it:

    partners/photos/3f2a….jpg  →  partners/photos/renditions/3f2a…-480w.webp, …-480w.jpg, …

The copies lose the original's metadata (EXIF: camera, GPS position) and take its
orientation into account. They are never wider than the original.
"""

import io
import logging
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

FORMATS = {"webp": ("WEBP", {"quality": 80, "method": 4}), "jpg": ("JPEG", {"quality": 82})}


def rendition_name(source_name, width, extension):
    path = PurePosixPath(source_name)
    return str(path.parent / "renditions" / f"{path.stem}-{width}w.{extension}")


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


def delete_renditions(storage, source_name, sizes):
    for width, _height in sizes:
        for extension in FORMATS:
            name = rendition_name(source_name, width, extension)
            try:
                storage.delete(name)
            except OSError:
                logger.warning("Could not delete the rendition %s.", name)


def srcset(storage, source_name, sizes, extension):
    return ", ".join(
        f"{storage.url(rendition_name(source_name, width, extension))} {width}w"
        for width, _height in sizes
    )
