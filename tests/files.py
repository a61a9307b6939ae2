"""Real files for upload tests: the portal checks content, so fakes would be refused."""

import io

from PIL import Image
from pypdf import PdfWriter


def pdf_bytes(pages=1, password=None):
    """A complete PDF with blank A4 pages (optionally encrypted)."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if password is not None:
        writer.encrypt(password, "eigentuemer")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(image_format="JPEG", size=(60, 40), mode="RGB", **options):
    buffer = io.BytesIO()
    Image.new(mode, size, "teal").save(buffer, image_format, **options)
    return buffer.getvalue()


def stored_files(root):
    """Every file below ``root`` (a storage folder), as relative paths."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
