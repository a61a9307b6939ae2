"""An editor's upload can never become a script or page on the portal's origin.

The review's attack: a press attachment called "*.js" or "*.html" that merely contained
"%PDF-" in its first kilobyte passed as a PDF, kept its name's suffix and was served from
/media/ as JavaScript or HTML. Now a PDF must be one (header at the first byte, read by a
parser), and every upload is stored under a random name with the suffix of its real type.
"""

import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.urls import reverse

from contact.models import Document
from core.uploads import ImageFileField, PdfFileField, RandomFileName
from press.models import Attachment, PressRelease
from tests.helpers import image_bytes, pdf_bytes, stored_files
from tests.press.test_admin import release_post

SCRIPT = b"fetch('/admin/auth/user/add/', {method: 'POST'}); // %PDF-1.4"
PAGE = b"<!doctype html><title>%PDF-1.4</title><script src='/media/x.js'></script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>/* %PDF-1.4 */</script></svg>'
NOT_A_PDF = "Die Datei ist kein PDF-Dokument."
DAMAGED = "Das PDF-Dokument ist unvollständig oder beschädigt. Bitte speichern Sie es neu ab."


def upload_attachment(client, filename, content):
    upload = SimpleUploadedFile(filename, content, "application/pdf")
    return client.post(
        reverse("admin:press_pressrelease_add"), release_post(**{"attachments-0-file": upload})
    )


def assert_refused(response, message, media):
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Neue Partnerschaft"' in html  # the editor's other input is kept
    assert not PressRelease.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("angriff.js", SCRIPT),
        ("angriff.html", PAGE),
        ("angriff.svg", SVG),
        ("angriff.pdf", SCRIPT),
        # The header at the first byte alone is not enough: a parser must read the file.
        ("angriff.js", b"%PDF-1.4\n" + SCRIPT),
        ("angriff.html", b"%PDF-1.4\n" + PAGE + b"\n%%EOF\n"),
    ],
)
def test_script_page_or_svg_with_the_pdf_marker_is_refused(
    redaktion_client, media, filename, content
):
    response = upload_attachment(redaktion_client, filename, content)
    message = NOT_A_PDF if not content.startswith(b"%PDF-") else DAMAGED
    assert_refused(response, message, media)


@pytest.mark.parametrize(
    "content",
    [
        pdf_bytes(pages=40)[:3000],  # cut off
        pdf_bytes(pages=3)[:-20],  # its end missing
        b"%PDF-1.7\n" + bytes(range(256)) * 20,  # header, then garbage
        b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\nstartxref\n9\n%%EOF\n",  # for the parser
    ],
    ids=["abgeschnitten", "ohne-ende", "muell", "muell-mit-ende"],
)
def test_damaged_pdf_with_a_valid_header_is_refused_in_german(redaktion_client, media, content):
    assert_refused(upload_attachment(redaktion_client, "bericht.pdf", content), DAMAGED, media)


def test_encrypted_pdf_is_refused(redaktion_client, media):
    response = upload_attachment(redaktion_client, "geschuetzt.pdf", pdf_bytes(password=""))
    assert_refused(response, "Das PDF-Dokument ist verschlüsselt", media)


def test_pdf_with_too_many_pages_is_refused(redaktion_client, media, settings):
    settings.MAX_PDF_PAGES = 3
    response = upload_attachment(redaktion_client, "dick.pdf", pdf_bytes(pages=4))
    assert_refused(response, "Das PDF-Dokument hat zu viele Seiten (4, erlaubt sind 3).", media)


def test_real_pdf_named_html_is_stored_as_pdf(redaktion_client, media):
    response = upload_attachment(redaktion_client, "evil.html", pdf_bytes())
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert re.fullmatch(r"press/attachments/[0-9a-f]{32}\.pdf", attachment.file.name)
    assert stored_files(media) == [attachment.file.name]


def test_the_field_decides_the_suffix_also_without_validation(db, media):
    """Code that saves a model without full_clean() (commands, shells) gets the same rule."""
    document = Document.objects.create(
        title="Flyer", file=ContentFile(pdf_bytes(), name="flyer.html")
    )
    assert re.fullmatch(r"contact/documents/[0-9a-f]{32}\.pdf", document.file.name)
    with pytest.raises(ValidationError), transaction.atomic():
        Document.objects.create(title="Skript", file=ContentFile(SCRIPT, name="skript.pdf"))
    with pytest.raises(ValidationError):
        PressRelease(title="Bild", slug="bild", teaser="t", body="b").image.save(
            "bild.jpg", ContentFile(SVG), save=False
        )
    assert stored_files(media) == [document.file.name]


def test_a_random_name_never_takes_an_unknown_suffix():
    name = RandomFileName("press/attachments")
    assert re.fullmatch(r"press/attachments/[0-9a-f]{32}\.pdf", name(None, "upload.PDF"))
    for filename in ["evil.html", "evil.js", "evil.svg", "evil", "evil.pdf.html"]:
        with pytest.raises(ValidationError):
            name(None, filename)


def file_fields():
    return [
        field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]


@pytest.mark.parametrize("field", file_fields(), ids=lambda field: str(field))
def test_every_upload_field_checks_its_content(field):
    """One rule for every app: each file field is a PDF or an image field of core.uploads."""
    assert isinstance(field, PdfFileField | ImageFileField)
    hostile = SimpleUploadedFile("angriff.html", PAGE)
    with pytest.raises(ValidationError):
        field.run_validators(hostile)
    real = pdf_bytes() if isinstance(field, PdfFileField) else image_bytes()
    field.run_validators(SimpleUploadedFile("echt.bin", real))


def test_a_file_copied_from_another_field_is_checked_too(db, media):
    """Saving a stored file into another field (a command copying a document) goes through
    the same check and gets a name of its own."""
    document = Document.objects.create(title="Flyer", file=ContentFile(pdf_bytes(), name="f"))
    copy = Document(title="Kopie")
    copy.file.save("kopie.html", document.file, save=False)
    assert re.fullmatch(r"contact/documents/[0-9a-f]{32}\.pdf", copy.file.name)
    assert copy.file.name != document.file.name
    (media / document.file.name).write_bytes(PAGE)  # changed in storage since
    with pytest.raises(ValidationError):
        Document(title="Kopie 2").file.save("kopie.pdf", Document.objects.get().file)
