import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from core import images
from partners.models import Partner, Photo

from .test_admin import _partner_post


def picture(size=(2000, 1000), image_format="JPEG", mode="RGB", **save_options):
    buffer = io.BytesIO()
    colour = (0, 128, 128, 100) if mode == "RGBA" else "teal"  # half transparent
    Image.new(mode, size, colour).save(buffer, image_format, **save_options)
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def files_in(media):
    return sorted(path.name for path in media.rglob("*") if path.is_file())


def add_photo(partner, content, name="foto.jpg"):
    photo = Photo(
        partner=partner,
        image=ContentFile(content, name=name),
        alt_text="Zwei Personen unterzeichnen",
        credit="MAIS NRW",
    )
    photo.save()
    return photo


def test_admin_upload_makes_the_renditions_once(
    admin_client, category, media, monkeypatch, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("unterzeichnung.jpg", picture(), "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:partners_partner_add"),
            _partner_post(category, **{"photos-0-image": upload}),
        )
    assert response.status_code == 302
    Partner.objects.filter(slug="stadt-neu").publish()  # approval is tested elsewhere
    photo = Partner.objects.get(slug="stadt-neu").photos.get()
    stem = photo.image.name.rsplit("/", 1)[1].rsplit(".", 1)[0]
    assert photo.renditions == {
        "source": photo.image.name,
        "sizes": [[480, 240], [960, 480], [1440, 720]],
    }
    for width in [480, 960, 1440]:
        for extension in ["webp", "jpg"]:
            stored = media / "partners/photos/renditions" / f"{stem}-{width}w.{extension}"
            assert stored.exists()
            with Image.open(stored) as rendition:
                assert rendition.size == (width, width // 2)
                assert rendition.format == {"webp": "WEBP", "jpg": "JPEG"}[extension]

    # Showing the page (twice) and saving the photo again make nothing anew.
    def fail(*args, **kwargs):
        raise AssertionError("renditions made again")

    monkeypatch.setattr(images, "make_renditions", fail)
    for _ in range(2):
        assert admin_client.get(photo.partner.get_absolute_url()).status_code == 200
    photo.caption = "Neue Bildunterschrift"
    photo.save()


def test_detail_page_offers_webp_and_jpeg_in_every_width(client, make_partner, media):
    partner = make_partner()
    photo = add_photo(partner, picture())
    html = client.get(partner.get_absolute_url()).content.decode()
    stem = photo.image.name.rsplit("/", 1)[1].rsplit(".", 1)[0]
    base = f"/media/partners/photos/renditions/{stem}"
    assert "<picture>" in html
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', html)
    assert webp.group(1) == (
        f"{base}-480w.webp 480w, {base}-960w.webp 960w, {base}-1440w.webp 1440w"
    )
    assert "(min-width: 768px)" in webp.group(2)
    img = re.search(r"<img [^>]+>", html.split("<picture>", 1)[1]).group(0)
    assert f'src="{base}-960w.jpg"' in img
    assert f'srcset="{base}-480w.jpg 480w, {base}-960w.jpg 960w, {base}-1440w.jpg 1440w"' in img
    assert 'width="1440" height="720"' in img
    assert 'loading="lazy"' in img and 'decoding="async"' in img
    assert 'alt="Zwei Personen unterzeichnen"' in img


def test_small_images_are_never_enlarged(make_partner, media):
    photo = add_photo(make_partner(), picture((300, 200)))
    assert photo.renditions["sizes"] == [[300, 200]]
    photo = add_photo(make_partner(), picture((1200, 600)))
    assert photo.renditions["sizes"] == [[480, 240], [960, 480], [1200, 600]]


def test_transparent_png_gets_a_white_jpeg_and_a_transparent_webp(make_partner, media):
    photo = add_photo(make_partner(), picture((600, 400), "PNG", "RGBA"), name="logo.png")
    jpeg = media / images.rendition_name(photo.image.name, 480, "jpg")
    webp = media / images.rendition_name(photo.image.name, 480, "webp")
    with Image.open(jpeg) as rendition:
        assert rendition.mode == "RGB"
    with Image.open(webp) as rendition:
        assert rendition.mode == "RGBA"


def test_renditions_follow_the_orientation_and_drop_the_metadata(make_partner, media):
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to show
    exif[0x010F] = "Kamerahersteller"
    photo = add_photo(make_partner(), picture((1000, 500), exif=exif.tobytes()))
    assert photo.renditions["sizes"][-1] == [500, 1000]
    with Image.open(media / images.rendition_name(photo.image.name, 500, "jpg")) as rendition:
        assert rendition.size == (500, 1000)
        assert not rendition.getexif()


def test_a_deleted_photo_leaves_with_its_renditions_when_purged(
    admin_client, make_partner, media, django_capture_on_commit_callbacks
):
    partner = make_partner()
    photo = add_photo(partner, picture((1000, 500)))
    assert len(files_in(media)) == 1 + 2 * 3
    data = _partner_post(
        partner.categories.get(),
        name=partner.name,
        slug=partner.slug,
        **{
            "signatories-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "1",
            "photos-0-id": photo.pk,
            "photos-0-partner": partner.pk,
            "photos-0-alt_text": photo.alt_text,
            "photos-0-credit": photo.credit,
            "photos-0-DELETE": "on",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:partners_partner_change", args=[partner.pk]), data
        )
    assert response.status_code == 302
    assert not Photo.objects.exists()
    assert len(files_in(media)) == 1 + 2 * 3  # kept for a restore until purged
    call_command("purge_unused_files", "--grace-hours=0", stdout=io.StringIO())
    assert files_in(media) == []


def test_a_replaced_image_leaves_with_its_renditions_when_purged(
    make_partner, media, django_capture_on_commit_callbacks
):
    photo = add_photo(make_partner(), picture((1000, 500)))
    old_name = photo.image.name
    with django_capture_on_commit_callbacks(execute=True):
        photo.image = ContentFile(picture((800, 400)), name="neu.jpg")
        photo.save()
    assert photo.renditions["sizes"][-1] == [800, 400]
    call_command("purge_unused_files", "--grace-hours=0", stdout=io.StringIO())
    remaining = files_in(media)
    assert len(remaining) == 1 + 2 * 2
    assert not any(old_name.rsplit("/", 1)[1].split(".")[0] in name for name in remaining)


def test_an_unreadable_stored_image_falls_back_to_the_original(client, make_partner, media):
    partner = make_partner()
    photo = add_photo(partner, picture((300, 200)))
    (media / photo.image.name).write_bytes(b"not an image at all")  # damaged in storage
    assert photo.update_renditions(force=True)
    assert photo.renditions == {"source": photo.image.name, "sizes": []}
    response = client.get(partner.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert f'src="/media/{photo.image.name}"' in html
    assert "image/webp" not in html


def test_command_makes_missing_renditions(make_partner, media):
    partner = make_partner()
    photo = add_photo(partner, picture((1000, 500)))
    Photo.objects.filter(pk=photo.pk).update(renditions={})  # as after loaddata
    output = io.StringIO()
    call_command("make_renditions", stdout=output)
    photo.refresh_from_db()
    assert photo.renditions["sizes"] == [[480, 240], [960, 480], [1000, 500]]
    assert "für 1 Bild" in output.getvalue()
    call_command("make_renditions", stdout=output)
    assert "für 0 Bild" in output.getvalue()


def test_editing_a_partner_keeps_its_stored_photo(admin_client, make_partner, media):
    """Regression: saving a partner whose photo is unchanged gave a 500 (closed file)."""
    partner = make_partner()
    photo = add_photo(partner, picture((1000, 500)))
    data = _partner_post(
        partner.categories.get(),
        name="Neuer Name",
        slug=partner.slug,
        **{
            "signatories-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "1",
            "photos-0-id": photo.pk,
            "photos-0-partner": partner.pk,
            "photos-0-alt_text": "Neuer Alternativtext",
            "photos-0-credit": photo.credit,
        },
    )
    response = admin_client.post(reverse("admin:partners_partner_change", args=[partner.pk]), data)
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.alt_text == "Neuer Alternativtext"
    assert photo.renditions["sizes"] == [[480, 240], [960, 480], [1000, 500]]
