"""Helpers more than one app's tests use; fixtures live in tests/conftest.py.

Real files for upload tests: the portal checks content, so fakes would be refused."""

import io
import os
import runpy
import socket
import warnings
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile
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


PDF_BYTES = pdf_bytes()


def pdf_upload(name="konzept.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def free_port():
    """A port on 127.0.0.1 that nothing listens on, for a server a test starts itself."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "test-only-" + "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "example.org",
    "DJANGO_DEFAULT_FROM_EMAIL": "portal@example.org",
    "DJANGO_CONTACT_NOTIFY_EMAILS": "team@example.org",
}


def load_settings(**env):
    """The settings module's values for these environment variables, computed afresh.

    Only the given DJANGO_* variables count: switches the calling shell may carry must not
    soften what a test checks. The running test settings stay as they are.
    """
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    with (
        mock.patch.dict(os.environ, {**environment, **env}, clear=True),
        warnings.catch_warnings(),
    ):
        # A fresh copy beside the imported module is exactly what is wanted here.
        warnings.filterwarnings("ignore", "'vielfalt.settings.base' found in sys.modules")
        return runpy.run_module("vielfalt.settings.base")


def admin_form_data(response):
    """The POST data of a rendered admin change form (main form and inlines), as a browser
    would send it unchanged; tests change single values before posting it back."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for bound in form:
            value = bound.value()
            widget = bound.field.widget
            if value is None or value is False or isinstance(value, FieldFile) or value == "":
                continue
            if hasattr(widget, "widgets") and not isinstance(value, list):
                for index, part in enumerate(widget.decompress(value)):
                    data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
            elif value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            else:
                data[bound.html_name] = str(value)
    return data
