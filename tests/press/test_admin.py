import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from press.models import EventNotice, Letterhead, PressItem, PressRelease
from tests.helpers import pdf_bytes

PDF = pdf_bytes(pages=8)


def release_post(**extra):
    data = {
        "title": "Neue Partnerschaft",
        "slug": "neue-partnerschaft",
        "dated_at_0": "28.05.2015",
        "dated_at_1": "12:00:00",
        "issuer": "Ministerium für Arbeit, Integration und Soziales des Landes NRW",
        "teaser": "Vorspann.",
        "body": "Text.",
        "image_alt": "",
        "image_credit": "",
        "contact_name": "",
        "contact_role": "",
        "contact_phone": "",
        "contact_email": "",
        "publish_at_0": "",
        "publish_at_1": "",
        "attachments-TOTAL_FORMS": "1",
        "attachments-INITIAL_FORMS": "0",
        "attachments-0-title": "Die Vereinbarung",
        "attachments-0-order": "0",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("model", [PressRelease, EventNotice, Letterhead])
def test_changelists_with_content_and_change_pages_render(
    admin_client, make_release, make_notice, letterhead, model
):
    make_release(publish_at=timezone.now() + datetime.timedelta(days=1))
    make_notice(status="cancelled", status_note="Grund")
    prefix = f"admin:press_{model._meta.model_name}"
    html = admin_client.get(reverse(f"{prefix}_changelist")).content.decode()
    assert "Fehler" not in html
    obj = model.objects.first()
    response = admin_client.get(reverse(f"{prefix}_change", args=[obj.pk]))
    assert response.status_code == 200


def test_changelist_shows_visibility(admin_client, make_release):
    make_release(title="Geplante", publish_at=timezone.now() + datetime.timedelta(days=1))
    make_release(title="Entwurf", is_published=False)
    html = admin_client.get(reverse("admin:press_pressrelease_changelist")).content.decode()
    assert "Geplant (ab " in html and "Entwurf" in html


def test_view_on_site_leads_to_the_preview(admin_client, make_release, make_notice):
    release = make_release(is_published=False)
    notice = make_notice(is_published=False)
    for obj, name, preview in [
        (release, "pressrelease", "press:release_preview"),
        (notice, "eventnotice", "press:notice_preview"),
    ]:
        html = admin_client.get(reverse(f"admin:press_{name}_change", args=[obj.pk]))
        html = html.content.decode()
        assert f'href="{reverse(preview, args=[obj.pk])}"' in html
        assert "Auf der Website anzeigen" in html


def test_preview_shows_drafts_to_staff_with_a_banner(admin_client, make_release, make_notice):
    draft = make_release(title="Geheimer Entwurf", is_published=False)
    scheduled = make_notice(publish_at=timezone.now() + datetime.timedelta(days=2))
    response = admin_client.get(reverse("press:release_preview", args=[draft.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vorschau – nicht veröffentlicht" in html and "Geheimer Entwurf" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "application/ld+json" not in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    html = admin_client.get(reverse("press:notice_preview", args=[scheduled.pk])).content.decode()
    assert "Vorschau – nicht veröffentlicht" in html and "Öffentlich ab" in html


def test_preview_is_a_404_for_the_public_and_for_staff_without_permission(
    client, django_user_model, make_release
):
    draft = make_release(is_published=False)
    url = reverse("press:release_preview", args=[draft.pk])
    assert client.get(url).status_code == 404
    user = django_user_model.objects.create_user("gast", "g@example.org", "x-geheim-1")
    client.force_login(user)
    assert client.get(url).status_code == 404
    user.is_staff = True
    user.save()
    assert client.get(url).status_code == 404
    user.user_permissions.add(Permission.objects.get(codename="view_pressrelease"))
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    assert client.get(url).status_code == 200


def test_approve_withdraw_and_cancel_actions(admin_client, make_release, make_notice, editor):
    release = make_release(is_published=False)
    release.transition("submit", editor)
    notice = make_notice()
    url = reverse("admin:press_pressrelease_changelist")
    admin_client.post(url, {"action": "approve", "_selected_action": [release.pk]})
    assert PressItem.objects.get(pk=release.pk).is_published
    admin_client.post(url, {"action": "withdraw", "_selected_action": [release.pk]})
    assert not PressItem.objects.get(pk=release.pk).is_published
    admin_client.post(
        reverse("admin:press_eventnotice_changelist"),
        {"action": "cancel", "_selected_action": [notice.pk]},
    )
    assert EventNotice.objects.get(pk=notice.pk).is_cancelled


def test_editor_adds_a_release_with_a_pdf_attachment(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("Vereinbarung Ünterschrift.pdf", PDF, "application/pdf")
    response = admin_client.post(
        reverse("admin:press_pressrelease_add"), release_post(**{"attachments-0-file": upload})
    )
    assert response.status_code == 302, response.context["errors"]
    PressRelease.objects.filter(slug="neue-partnerschaft").publish()  # approval: elsewhere
    release = PressRelease.objects.get(slug="neue-partnerschaft")
    attachment = release.attachments.get()
    assert attachment.file.name.startswith("press/attachments/")
    assert "Ünterschrift" not in attachment.file.name
    assert attachment.size == len(PDF)
    html = admin_client.get(release.get_absolute_url()).content.decode()
    assert "Die Vereinbarung" in html and "(PDF, 1,2\xa0KB)" in html


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("vereinbarung.pdf", b"<html><script>alert(1)</script></html>"),
        ("vereinbarung.pdf", b"MZ\x90\x00 windows executable"),
        ("bild.png", b"\x89PNG\r\n\x1a\n not a pdf"),
    ],
)
def test_attachment_upload_rejects_non_pdf_with_a_german_message(
    admin_client, settings, tmp_path, filename, content
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile(filename, content, "application/pdf")
    response = admin_client.post(
        reverse("admin:press_pressrelease_add"), release_post(**{"attachments-0-file": upload})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Die Datei ist kein PDF-Dokument." in html
    assert 'value="Neue Partnerschaft"' in html
    assert not PressRelease.objects.exists()


def test_second_letterhead_cannot_be_added(admin_client, letterhead):
    assert admin_client.get(reverse("admin:press_letterhead_add")).status_code == 403
    html = admin_client.get(reverse("admin:press_letterhead_changelist")).content.decode()
    assert "Fürstenwall 25" in html


def test_editing_the_letterhead_changes_the_footer_at_once(admin_client, letterhead, client):
    assert "Fürstenwall 25" in client.get(reverse("press:list")).content.decode()
    data = {
        "name": letterhead.name,
        "street": "Fürstenwall 27",
        "postcode": "40219",
        "city": "Düsseldorf",
        "postal_postcode": "40190",
        "postal_city": "Düsseldorf",
        "phone": "0211 855-5",
        "fax": "",
        "email": "poststelle@mais.nrw.de",
        "website": "",
        "public_transport": "",
    }
    response = admin_client.post(
        reverse("admin:press_letterhead_change", args=[letterhead.pk]), data
    )
    assert response.status_code == 302
    admin_client.logout()
    html = admin_client.get(reverse("press:list")).content.decode()
    assert "Fürstenwall 27" in html and "Fürstenwall 25" not in html


@pytest.mark.parametrize(
    ("value", "expected"),
    [("published", {"Öffentlich"}), ("scheduled", {"Geplant"}), ("draft", {"Entwurf"})],
)
def test_state_filter_follows_the_publish_at_moment(admin_client, make_release, value, expected):
    make_release(title="Öffentlich")
    make_release(title="Geplant", publish_at=timezone.now() + datetime.timedelta(days=1))
    make_release(title="Entwurf", is_published=False)
    response = admin_client.get(reverse("admin:press_pressrelease_changelist"), {"status": value})
    assert {obj.title for obj in response.context["cl"].result_list} == expected


def test_only_the_approvers_mark_a_public_notice_as_cancelled(
    client, make_notice, editor, approver
):
    notice = make_notice()
    url = reverse("admin:press_eventnotice_changelist")
    client.force_login(editor)
    client.post(url, {"action": "cancel", "_selected_action": [notice.pk]})
    assert not EventNotice.objects.get(pk=notice.pk).is_cancelled

    client.force_login(approver)
    client.post(url, {"action": "cancel", "_selected_action": [notice.pk]})
    assert EventNotice.objects.get(pk=notice.pk).is_cancelled
