import datetime
import io

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from partners.models import Category, Partner


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_every_changelist_and_add_page_renders(admin_client, admin_user, make_partner, rf, model):
    make_partner()
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert admin_client.get(reverse(f"{prefix}_changelist")).status_code == 200
    request = rf.get("/")
    request.user = admin_user
    # Some admins are read-only (django-axes' logs): their add page is refused on purpose.
    expected = 200 if admin.site._registry[model].has_add_permission(request) else 403
    assert admin_client.get(reverse(f"{prefix}_add")).status_code == expected


def test_admin_is_titled_for_the_initiative(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Vielfalt verbindet – Redaktion" in html


def test_partner_change_page_has_inlines_and_view_on_site(admin_client, make_partner):
    partner = make_partner()
    html = admin_client.get(
        reverse("admin:partners_partner_change", args=[partner.pk])
    ).content.decode()
    for prefix in ["signatories", "quotes", "links", "photos"]:
        assert f'name="{prefix}-TOTAL_FORMS"' in html
    assert "Auf der Website anzeigen" in html


def test_editors_see_the_list_position_and_who_signed(admin_client, make_partner):
    police = Category.objects.create(name="Polizei", slug="polizei", order=50)
    partner = make_partner(
        name="IHK NRW",
        signed_on=None,
        signed_on_precision="unknown",
        listed_as_of=datetime.date(2016, 1, 1),
    )
    partner.categories.add(police)
    html = admin_client.get(
        reverse("admin:partners_partner_change", args=[partner.pk])
    ).content.decode()
    assert "Reihenfolge im Verzeichnis" in html
    assert "Eingeordnet nach" in html and "nie als Datum der Unterzeichnung" in html
    assert 'name="signatories-0-role_in_signing"' in html
    assert "war anwesend (Unterschrift nicht belegt)" in html

    changelist = admin_client.get(reverse("admin:partners_partner_changelist")).content.decode()
    assert "unbekannt <small>(eingeordnet nach 1. Januar 2016)</small>" in changelist
    assert "Kommune, Polizei" in changelist
    filtered = admin_client.get(
        reverse("admin:partners_partner_changelist"), {"categories__id__exact": police.pk}
    )
    assert filtered.context["cl"].result_count == 1


def test_approve_and_withdraw_actions(admin_client, make_partner, editor):
    draft = make_partner(is_published=False)
    draft.transition("submit", editor)
    url = reverse("admin:partners_partner_changelist")
    admin_client.post(url, {"action": "approve", "_selected_action": [draft.pk]}, follow=True)
    draft.refresh_from_db()
    assert draft.is_published
    admin_client.post(url, {"action": "withdraw", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert not draft.is_published


def _jpeg(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def _partner_post(category, **extra):
    data = {
        "name": "Stadt Neu",
        "slug": "stadt-neu",
        "categories": [category.pk],
        "city": "Neustadt",
        "region": "koeln",
        "signed_on": "2016",
        "signed_on_precision": "unknown",
        "listed_as_of": "",
        "list_order": "0",
        "signing_place": "",
        "signing_occasion": "",
        "summary": "",
        "commitment": "",
        "website": "",
        "signatories-TOTAL_FORMS": "1",
        "signatories-INITIAL_FORMS": "0",
        "signatories-0-name": "Erika Muster",
        "signatories-0-role": "Bürgermeisterin",
        "signatories-0-side": "partner",
        "signatories-0-role_in_signing": "signed",
        "signatories-0-order": "0",
        "quotes-TOTAL_FORMS": "0",
        "quotes-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "0",
        "photos-0-alt_text": "Zwei Personen halten die Vereinbarung",
        "photos-0-caption": "",
        "photos-0-credit": "MAIS NRW",
        "photos-0-order": "0",
    }
    data["signed_on"] = ""
    data.update(extra)
    return data


def test_editor_creates_a_partner_with_signatory_and_photo(
    admin_client, category, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("../../etc/Foto Ünterzeichnung.JPG", _jpeg(), "image/jpeg")
    response = admin_client.post(
        reverse("admin:partners_partner_add"), _partner_post(category, **{"photos-0-image": photo})
    )
    assert response.status_code == 302, response.context["errors"]
    partner = Partner.objects.get(slug="stadt-neu")
    stored = partner.photos.get()
    assert stored.image.name.startswith("partners/photos/")
    assert "Ünterzeichnung" not in stored.image.name and ".." not in stored.image.name
    assert (stored.width, stored.height) == (40, 30)
    assert partner.signatories.get().name == "Erika Muster"


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("bild.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", "Bild"),
        ("bild.svg", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "Bild"),
        ("bild.jpg", b"%PDF-1.4 not an image", "Bild"),
    ],
)
def test_photo_upload_rejects_non_images_with_a_german_message(
    admin_client, category, settings, tmp_path, filename, content, message
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile(filename, content, "image/jpeg")
    response = admin_client.post(
        reverse("admin:partners_partner_add"),
        _partner_post(category, **{"photos-0-image": upload}),
    )
    assert response.status_code == 200
    assert not Partner.objects.filter(slug="stadt-neu").exists()
    assert message in response.content.decode()
    assert 'value="Stadt Neu"' in response.content.decode()


def test_photo_upload_rejects_too_many_pixels(admin_client, category, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MAX_IMAGE_PIXELS = 100
    upload = SimpleUploadedFile("gross.jpg", _jpeg((20, 20)), "image/jpeg")
    response = admin_client.post(
        reverse("admin:partners_partner_add"),
        _partner_post(category, **{"photos-0-image": upload}),
    )
    assert "zu viele Bildpunkte" in response.content.decode()
    assert not Partner.objects.exists()
