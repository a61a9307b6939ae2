"""Stored images keep no metadata: no GPS position, camera, owner, XMP or comments.

Originals included (renditions never had any); the orientation is applied first, so the
picture stands as the camera meant it. The colour profile stays.
"""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from partners.models import Photo
from press.models import PressRelease
from tests.helpers import image_bytes
from tests.press.test_admin import release_post

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" '
    b'dc:creator="Erika Geheim"/></rdf:RDF></x:xmpmeta>'
)
SECRETS = [b"Erika Geheim", b"Kamerafirma", b"xmpmeta", b"Kommentar mit Adresse"]
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def exif():
    data = Image.Exif()
    data[ExifTags.Base.Orientation] = 6  # turn 90° clockwise to show
    data[ExifTags.Base.Make] = "Kamerafirma"
    data[ExifTags.Base.Artist] = "Erika Geheim"
    data[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (51.0, 13.0, 37.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (7.0, 27.0, 57.0),
    }
    return data.tobytes()


def photo_from_a_camera(image_format):
    """60 × 40 as stored by the camera (left half red, right half blue), metadata added."""
    image = Image.new("RGB", (60, 40), "red")
    image.paste((0, 0, 255), (30, 0, 60, 40))
    options = {"exif": exif(), "icc_profile": SRGB}
    if image_format == "JPEG":
        options |= {"comment": b"Kommentar mit Adresse", "xmp": XMP}
    elif image_format == "WEBP":
        options |= {"xmp": XMP, "lossless": True}
    else:
        info = PngInfo()
        info.add_text("Comment", "Kommentar mit Adresse")
        info.add_itxt("XML:com.adobe.xmp", XMP.decode())
        options["pnginfo"] = info
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    content = buffer.getvalue()
    assert all(secret in content for secret in SECRETS[:2])  # the camera's metadata is there
    return content


def assert_clean_and_upright(stored_bytes):
    assert not any(secret in stored_bytes for secret in SECRETS)
    with Image.open(io.BytesIO(stored_bytes)) as stored:
        assert not stored.getexif()
        assert not {"exif", "xmp", "comment", "Comment", "XML:com.adobe.xmp"} & set(stored.info)
        assert stored.info.get("icc_profile") == SRGB
        assert stored.size == (40, 60)  # turned upright
        red, _green, blue = stored.convert("RGB").getpixel((20, 10))
        assert red > 200 and blue < 60  # the left half is now on top
        red, _green, blue = stored.convert("RGB").getpixel((20, 50))
        assert blue > 200 and red < 60


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_stored_photo_has_no_metadata_and_stands_upright(make_partner, media, image_format):
    photo = Photo.objects.create(
        partner=make_partner(),
        image=ContentFile(photo_from_a_camera(image_format), name="IMG_0001.jpg"),
        alt_text="Foto",
        credit="MAIS",
    )
    assert_clean_and_upright((media / photo.image.name).read_bytes())
    assert (photo.width, photo.height) == (40, 60)


def test_press_image_uploaded_in_the_admin_has_no_metadata(redaktion_client, media):
    upload = SimpleUploadedFile("IMG_0001.jpg", photo_from_a_camera("JPEG"), "image/jpeg")
    response = redaktion_client.post(
        reverse("admin:press_pressrelease_add"),
        release_post(
            image=upload,
            image_alt="Zwei Personen",
            image_credit="MAIS NRW",
            **{"attachments-TOTAL_FORMS": "0"},
        ),
    )
    assert response.status_code == 302
    release = PressRelease.objects.get()
    assert re.fullmatch(r"press/images/[0-9a-f]{32}\.jpg", release.image.name)
    assert_clean_and_upright((media / release.image.name).read_bytes())
    assert (release.image_width, release.image_height) == (40, 60)


def test_images_stored_before_lose_their_metadata_by_command(make_partner, media):
    """Originals uploaded before the cleaning are cleaned in place, under the same name."""
    from django.core.management import call_command

    photo = Photo.objects.create(
        partner=make_partner(), image=ContentFile(image_bytes(), name="a.jpg"), alt_text="A"
    )
    camera = photo_from_a_camera("JPEG")
    (media / photo.image.name).write_bytes(camera)  # as stored by an older version
    Photo.objects.filter(pk=photo.pk).update(width=60, height=40, renditions={})
    output = io.StringIO()
    call_command("strip_image_metadata", stdout=output)
    assert "aus 1 Bild" in output.getvalue()
    assert_clean_and_upright((media / photo.image.name).read_bytes())
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (40, 60)
    assert photo.renditions["sizes"] == [[40, 60]]
    call_command("strip_image_metadata", stdout=output)
    assert "aus 0 Bild" in output.getvalue()
