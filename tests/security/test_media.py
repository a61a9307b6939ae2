"""Nothing under the media URL is ever rendered or run by a browser on the portal's origin."""

import pytest
from django.core.files.base import ContentFile

from core.media import DOCUMENT_POLICY, IMAGE_POLICY
from press.models import Attachment, PressRelease
from tests.helpers import image_bytes, pdf_bytes


@pytest.fixture
def attachment(db, media):
    release = PressRelease.objects.create(
        title="Vereinbarung", slug="vereinbarung", teaser="t", body="b", is_published=True
    )
    return Attachment.objects.create(
        press_release=release, title="Vereinbarung", file=ContentFile(pdf_bytes(), name="a.pdf")
    )


def assert_sandboxed(response, policy):
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == policy
    assert "script-src" not in policy and "sandbox" in policy


def test_pdf_is_a_download_with_its_real_type_in_a_sandbox(client, attachment):
    response = client.get(attachment.file.url)
    assert_sandboxed(response, "sandbox; default-src 'none'")
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == attachment.file.open("rb").read()


def test_images_and_renditions_are_shown_in_a_sandbox(client, make_partner, media):
    from partners.models import Photo

    photo = Photo.objects.create(
        partner=make_partner(),
        image=ContentFile(image_bytes("PNG", size=(600, 300)), name="foto.png"),
        alt_text="Foto",
        credit="MAIS",
    )
    for url, content_type in [
        (photo.image.url, "image/png"),
        (photo.display_url, "image/jpeg"),
        (photo.webp_srcset.split()[0], "image/webp"),
    ]:
        response = client.get(url)
        assert_sandboxed(response, "sandbox; default-src 'none'; img-src 'self'")
        assert response.headers["Content-Type"] == content_type
        assert "Content-Disposition" not in response.headers or (
            response.headers["Content-Disposition"].startswith("inline")
        )


@pytest.mark.parametrize(
    "name",
    [
        "press/attachments/angriff.html",
        "press/attachments/angriff.js",
        "partners/photos/logo.svg",
        "press/attachments/notiz.txt",
        "press/attachments/ohne-endung",
        "press/attachments/GROSS.PDF",
        "press/attachments/.htaccess",
    ],
)
def test_unknown_suffix_placed_into_media_root_is_not_served(client, media, name):
    for stored in [name, "press/attachments/echt.pdf"]:
        path = media / stored
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4\n<script>alert(document.domain)</script>")
    assert client.get("/media/" + name).status_code == 404
    # The same file under a suffix an upload can have is served, as a download.
    response = client.get("/media/press/attachments/echt.pdf")
    assert response.headers["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "path",
    [
        "/media/press/attachments/",
        "/media/press/",
        "/media/",
        "/media/press/attachments/fehlt.pdf",
        "/media/press/../{name}",
        "/media/./{name}",
        "/media//{name}",
        "/media/%2e%2e/media/{name}",
        "/media/{name}%00.html",
        "/media/{name}/",
    ],
)
def test_folders_missing_files_and_tricks_give_404(client, attachment, path):
    assert client.get(attachment.file.url).status_code == 200
    response = client.get(path.format(name=attachment.file.name))
    assert response.status_code == 404
    assert b"Index of" not in response.content


def test_media_answers_are_never_page_cached(client, attachment, settings):
    settings.PAGE_CACHE_ENABLED = True
    for _ in range(2):
        response = client.get(attachment.file.url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response.headers


def test_media_answers_only_reading_methods(client, attachment):
    assert client.post(attachment.file.url).status_code == 405
    assert client.head(attachment.file.url).status_code == 200


def test_policies_are_what_the_readme_tells_nginx_to_send():
    from django.conf import settings

    readme = (settings.BASE_DIR / "README.md").read_text()
    assert f'"{DOCUMENT_POLICY}"' in readme and f'"{IMAGE_POLICY}"' in readme
