"""Changes to public items wait for approval ("Änderung zur Freigabe"), the live page stays."""

import io

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from contact.models import Notification
from core.models import PendingChange
from core.workflow import State
from partners.models import Partner, Photo, Quote
from tests.helpers import admin_form_data, image_bytes, stored_files

INDEX = reverse("admin:index")
CHANGELIST = reverse("admin:partners_partner_changelist")


def change_url(partner):
    return reverse("admin:partners_partner_change", args=[partner.pk])


def pending_url(partner):
    return reverse("admin:partners_partner_pending", args=[partner.pk])


def public_page(client, partner):
    return client.get(reverse("partners:detail", kwargs={"slug": partner.slug}))


def edit(client, partner, **changes):
    """Open the change form as a browser does, change values and save it."""
    data = admin_form_data(client.get(change_url(partner)))
    data.update(changes)
    return client.post(change_url(partner), data)


NEW_QUOTE = {
    "quotes-TOTAL_FORMS": "2",
    "quotes-1-text": "Vielfalt verbindet uns alle.",
    "quotes-1-speaker_name": "Neue Sprecherin",
    "quotes-1-order": "1",
}


@pytest.fixture
def live(make_partner):
    return make_partner(name="Stadt Live", summary="Alte Zusammenfassung")


@pytest.fixture
def proposed(client, live, editor, approver):
    client.force_login(editor)
    response = edit(client, live, name="Stadt Neu", **NEW_QUOTE)
    assert response.status_code == 302
    client.logout()
    return PendingChange.objects.get()


def test_editor_edit_of_a_live_partner_waits_and_the_approver_is_told(
    client, proposed, live, editor, approver
):
    live.refresh_from_db()
    assert (live.name, live.state, live.quotes.count()) == ("Stadt Live", State.PUBLISHED, 1)
    assert "Stadt Live" in public_page(client, live).content.decode()
    assert not Quote.objects.filter(text="Vielfalt verbindet uns alle.").exists()
    assert proposed.author == editor and proposed.is_waiting
    rows = Notification.objects.filter(kind=Notification.Kind.APPROVAL)
    assert list(rows.values_list("recipient", "object_id")) == [
        ("freigeberin@ministerium.example", live.pk)
    ]

    client.force_login(approver)
    desk = client.get(INDEX).content.decode()
    assert "Änderungen zur Freigabe" in desk and pending_url(live) in desk
    assert f'"{pending_url(live)}">Stadt Live<' in desk  # named as the live item
    listed = client.get(CHANGELIST, {"status": "aenderung"})
    assert [p.name for p in listed.context["cl"].result_list] == ["Stadt Live"]
    assert "Veröffentlicht · Änderung zur Freigabe" in listed.content.decode()


def test_approver_compares_and_approves_as_one_version(client, proposed, live, editor, approver):
    client.force_login(approver)
    before = Version.objects.get_for_object(live).count()
    page = client.get(pending_url(live))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Stadt Live" in html and "Stadt Neu" in html
    assert "Vielfalt verbindet uns alle." in html  # the added quote

    response = client.post(pending_url(live), {"decision": "approve"})
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.name == "Stadt Neu" and live.state == State.PUBLISHED
    assert (live.edited_by, live.approved_by) == (editor, approver)
    assert live.quotes.filter(text="Vielfalt verbindet uns alle.").exists()
    assert "Stadt Neu" in public_page(client, live).content.decode()
    assert not PendingChange.objects.exists()
    versions = Version.objects.get_for_object(live)
    assert versions.count() == before + 1
    comment = versions.first().revision.get_comment()
    assert "redakteurin" in comment and "freigeberin" in comment


def test_rejection_discards_the_change_and_tells_the_author(
    client, proposed, live, editor, approver
):
    client.force_login(approver)
    client.post(pending_url(live), {"decision": "reject", "reason": "Name ist falsch."})
    live.refresh_from_db()
    assert live.name == "Stadt Live"
    rejected = PendingChange.objects.get()
    assert (rejected.status, rejected.data, rejected.rejected_by) == ("rejected", {}, approver)

    client.force_login(editor)
    assert "Name ist falsch." in client.get(INDEX).content.decode()
    form = client.get(change_url(live))
    assert "Name ist falsch." in form.content.decode()
    assert form.context["adminform"].form["name"].value() == "Stadt Live"
    client.post(pending_url(live), {"decision": "discard"})
    assert not PendingChange.objects.exists()


def test_the_author_cannot_approve_even_by_crafted_post(client, proposed, live, editor):
    client.force_login(editor)
    assert client.post(pending_url(live), {"decision": "approve"}).status_code == 403
    assert client.post(pending_url(live), {"decision": "reject"}).status_code == 403
    live.refresh_from_db()
    assert live.name == "Stadt Live" and PendingChange.objects.get().is_waiting


def test_an_approvers_own_live_edit_needs_another_approver(
    client, live, approver, make_staff, settings
):
    client.force_login(approver)
    edit(client, live, name="Stadt Eigen")
    live.refresh_from_db()
    assert live.name == "Stadt Live"
    response = client.post(pending_url(live), {"decision": "approve"}, follow=True)
    assert "Vier-Augen-Prinzip" in response.content.decode()
    live.refresh_from_db()
    assert live.name == "Stadt Live"

    client.force_login(make_staff("Freigabe", "zweite"))
    client.post(pending_url(live), {"decision": "approve"})
    live.refresh_from_db()
    assert live.name == "Stadt Eigen"

    settings.WORKFLOW_SELF_APPROVAL = True
    client.force_login(approver)
    edit(client, live, name="Stadt Direkt")
    live.refresh_from_db()
    assert live.name == "Stadt Direkt" and not PendingChange.objects.exists()


def test_a_superuser_saves_directly(admin_client, live):
    response = edit(admin_client, live, name="Stadt Sofort")
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.name == "Stadt Sofort" and not PendingChange.objects.exists()


def test_reopening_shows_the_pending_content_and_saving_updates_it(
    client, proposed, live, editor, make_staff
):
    colleague = make_staff("Redaktion", "kollegin")
    client.force_login(colleague)
    response = client.get(change_url(live))
    html = response.content.decode()
    assert response.context["adminform"].form["name"].value() == "Stadt Neu"
    assert 'value="Vielfalt verbindet uns alle."' in html or "Vielfalt verbindet uns alle." in html
    assert "redakteurin hat am" in html
    edit(client, live, name="Stadt Neuer")
    pending = PendingChange.objects.get()
    assert (pending.data["name"], pending.author, pending.edited_by) == (
        ["Stadt Neuer"],
        editor,
        colleague,
    )
    assert pending.data["quotes-TOTAL_FORMS"] == ["2"]
    assert Notification.objects.count() == 1  # told once, when the change was first made


def test_a_replaced_photo_is_not_live_before_approval(
    client, live, editor, approver, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    Photo.objects.create(
        partner=live,
        image=SimpleUploadedFile("alt.jpg", image_bytes(), "image/jpeg"),
        alt_text="Altes Foto",
        credit="MAIS NRW",
    )
    old_name = live.photos.get().image.name
    client.force_login(editor)
    new = SimpleUploadedFile("neu.png", image_bytes("PNG"), "image/png")
    response = edit(client, live, **{"photos-0-image": new, "photos-0-alt_text": "Neues Foto"})
    assert response.status_code == 302
    photo = live.photos.get()
    assert (photo.image.name, photo.alt_text) == (old_name, "Altes Foto")
    (stored,) = PendingChange.objects.get().files.values()
    assert stored["stored"].startswith("pending/") and default_storage.exists(stored["stored"])
    # The preview shows the new photo where it waits, and stores nothing for it elsewhere.
    before = stored_files(tmp_path)
    preview = client.get(reverse("partners:preview", kwargs={"pk": live.pk})).content.decode()
    assert "/media/pending/" in preview and "Neues Foto" in preview
    assert [f for f in stored_files(tmp_path) if f not in before and "pending/" not in f] == []

    client.force_login(approver)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(pending_url(live), {"decision": "approve"})
    photo = live.photos.get()
    assert photo.alt_text == "Neues Foto" and photo.image.name != old_name
    assert photo.image.name.endswith(".png")
    assert not default_storage.exists(stored["stored"])
    assert [f for f in stored_files(tmp_path) if f.startswith("pending/")] == []


def test_a_stale_change_is_refused_and_kept(client, proposed, live, approver):
    client.force_login(approver)
    # The quote the change form held is removed from the live item meanwhile.
    live.quotes.all().delete()
    response = client.post(pending_url(live), {"decision": "approve"}, follow=True)
    assert "passt nicht mehr zum Eintrag" in response.content.decode()
    live.refresh_from_db()
    assert live.name == "Stadt Live" and PendingChange.objects.get().is_waiting


def test_bad_input_is_no_server_error(client, proposed, live, editor, approver):
    client.force_login(approver)
    assert client.get(reverse("admin:partners_partner_pending", args=[999999])).status_code == 302
    assert client.post(pending_url(live), {"decision": "weg"}).status_code == 302
    assert client.post(pending_url(live), {}).status_code == 302
    client.force_login(editor)
    tampered = edit(client, live, **{"quotes-TOTAL_FORMS": "x", "state": "draft"})
    assert tampered.status_code in (200, 302)
    live.refresh_from_db()
    assert (live.name, live.state) == ("Stadt Live", State.PUBLISHED)


def test_withdraw_and_delete_stay_with_the_approvers(client, live, editor):
    client.force_login(editor)
    client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [live.pk], "post": "yes"}
    )
    client.post(CHANGELIST, {"action": "withdraw", "_selected_action": [live.pk]})
    live.refresh_from_db()
    assert live.state == State.PUBLISHED and Partner.objects.filter(pk=live.pk).exists()


def test_the_preview_shows_the_pending_version_and_changes_nothing(
    client, proposed, live, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks() as after_commit:
        preview = client.get(reverse("partners:preview", kwargs={"pk": live.pk})).content.decode()
    # The rolled-back saves leave nothing to do after the commit: no page-cache bump.
    assert after_commit == []
    assert "Stadt Neu" in preview and "Vielfalt verbindet uns alle." in preview
    assert "Vorschau" in preview
    live.refresh_from_db()
    assert live.name == "Stadt Live" and live.quotes.count() == 1


def test_the_approval_email_names_the_author_and_leads_to_the_comparison(
    client, proposed, live, editor
):
    call_command("send_pending_notifications", stdout=io.StringIO())
    (message,) = mail.outbox
    assert "Änderung an einem veröffentlichten Eintrag" in message.body
    assert "Eingereicht von: redakteurin" in message.body
    assert pending_url(live) in message.body


def test_restoring_an_old_version_of_a_live_item_is_left_to_the_approvers(client, live, editor):
    call_command("createinitialrevisions", "partners.Partner", comment="Ausgangsfassung")
    Partner.objects.filter(pk=live.pk).update(name="Stadt Später")
    version = Version.objects.get_for_object(live).get()
    url = reverse("admin:partners_partner_revision", args=[live.pk, version.pk])
    client.force_login(editor)
    response = client.post(url, admin_form_data(client.get(url)), follow=True)
    assert "stellt die Freigabe wieder her" in response.content.decode()
    live.refresh_from_db()
    assert live.name == "Stadt Später"


def test_a_superuser_saving_the_shown_pending_content_uses_the_change_up(
    admin_client, proposed, live
):
    response = edit(admin_client, live)
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.name == "Stadt Neu" and live.quotes.count() == 2
    assert not PendingChange.objects.exists()
