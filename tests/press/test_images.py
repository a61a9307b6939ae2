"""Press images get renditions like partner photos, shown with <picture>/srcset."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from press.models import PressRelease
from tests.helpers import image_bytes


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_detail_page_offers_webp_and_jpeg_renditions(client, make_release, media):
    release = make_release(
        image=ContentFile(image_bytes("PNG", size=(1200, 600)), name="bild.png"),
        image_alt="Zwei Personen unterzeichnen",
        image_credit="MAIS NRW",
    )
    assert release.renditions["sizes"] == [[480, 240], [960, 480], [1200, 600]]
    html = client.get(release.get_absolute_url()).content.decode()
    stem = re.escape(release.image.name.rsplit("/", 1)[1].split(".")[0])
    base = rf"/media/press/images/renditions/{stem}"
    assert re.search(
        rf'<source type="image/webp" srcset="{base}-480w\.webp 480w, {base}-960w\.webp 960w, '
        rf'{base}-1200w\.webp 1200w" sizes="\(min-width: 1400px\) 1296px',
        html,
    )
    assert re.search(rf'<img src="{base}-960w\.jpg" srcset="{base}-480w\.jpg 480w', html)
    assert 'alt="Zwei Personen unterzeichnen"' in html
    assert 'width="1200" height="600"' in html
    assert 'loading="lazy"' not in html.split('class="press-image')[1].split("</figure>")[0]


def test_release_without_image_has_no_picture(client, make_release, media):
    release = make_release()
    assert release.renditions == {}
    assert "<picture>" not in client.get(release.get_absolute_url()).content.decode()


def test_command_makes_missing_press_renditions(make_release, media):
    release = make_release(
        image=ContentFile(image_bytes("JPEG", size=(500, 250)), name="bild.jpg"),
        image_alt="Bild",
        image_credit="MAIS",
    )
    PressRelease.objects.filter(pk=release.pk).update(renditions={})  # as after loaddata
    call_command("make_renditions", verbosity=0)
    release.refresh_from_db()
    assert release.renditions["sizes"] == [[480, 240], [500, 250]]
