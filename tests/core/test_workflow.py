"""The four-eyes workflow: Redaktion submits, only Freigabe publishes, by no route else."""

import io

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from contact.models import Notification
from core.workflow import DONE, State
from pages.models import Page
from partners.models import Partner
from tests.helpers import admin_form_data

CHANGELIST = reverse("admin:partners_partner_changelist")


def change_url(partner):
    return reverse("admin:partners_partner_change", args=[partner.pk])


def partner_post(partner, **extra):
    data = {
        "name": partner.name,
        "slug": partner.slug,
        "categories": [c.pk for c in partner.categories.all()] if partner.pk else [],
        "city": partner.city,
        "region": partner.region,
        "signed_on": "",
        "signed_on_precision": "unknown",
        "listed_as_of": "",
        "list_order": "0",
        "signing_place": "",
        "signing_occasion": "",
        "summary": "",
        "commitment": "",
        "website": "",
        "signatories-TOTAL_FORMS": "0",
        "signatories-INITIAL_FORMS": "0",
        "quotes-TOTAL_FORMS": "0",
        "quotes-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


@pytest.fixture
def draft(make_partner):
    return make_partner(name="Stadt Entwurf", is_published=False)


def test_rows_created_published_outside_the_workflow_are_in_the_published_state(make_partner):
    assert make_partner().state == State.PUBLISHED
    assert make_partner(is_published=False).state == State.DRAFT


def test_the_seed_fixtures_load_as_published(seed):
    assert not Partner.objects.exclude(state=State.PUBLISHED).filter(is_published=True).exists()
    assert Page.objects.published().filter(state=State.PUBLISHED).exists()


def test_editor_submits_and_approver_publishes(client, draft, editor, approver):
    client.force_login(editor)
    response = client.post(change_url(draft), partner_post(draft, _workflow_submit="x"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.state, draft.submitted_by, draft.is_published) == (State.REVIEW, editor, False)

    client.force_login(approver)
    client.post(CHANGELIST, {"action": "approve", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert (draft.state, draft.approved_by, draft.is_published) == (
        State.PUBLISHED,
        approver,
        True,
    )
    assert Partner.objects.published().filter(pk=draft.pk).exists()


def test_submitting_queues_an_email_per_approver_and_the_worker_sends_it(
    client, draft, editor, approver, make_staff, settings
):
    make_staff("Freigabe", "zweite-freigabe")
    make_staff("Redaktion", "kollege")
    client.force_login(editor)
    client.post(CHANGELIST, {"action": "submit_for_approval", "_selected_action": [draft.pk]})
    rows = Notification.objects.filter(kind=Notification.Kind.APPROVAL)
    assert sorted(rows.values_list("recipient", flat=True)) == [
        "freigeberin@ministerium.example",
        "zweite-freigabe@ministerium.example",
    ]
    assert mail.outbox == []  # nothing is sent inside the request
    call_command("send_pending_notifications", stdout=io.StringIO())
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject == "Zur Freigabe: Stadt Entwurf"
    assert reverse("admin:partners_partner_change", args=[draft.pk]) in mail.outbox[0].body


@pytest.mark.parametrize("action", ["approve", "withdraw", "reject"])
def test_editor_cannot_run_approver_actions_by_crafted_post(client, draft, editor, action):
    draft.transition("submit", editor)
    client.force_login(editor)
    client.post(CHANGELIST, {"action": action, "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.state == State.REVIEW and not draft.is_published


def test_editor_cannot_publish_through_the_change_form(client, draft, editor):
    client.force_login(editor)
    client.post(
        change_url(draft),
        partner_post(draft, is_published="on", state="published", _workflow_approve="x"),
    )
    draft.refresh_from_db()
    assert draft.state == State.DRAFT and not draft.is_published


def test_editor_cannot_publish_through_the_add_form(client, editor, category):
    client.force_login(editor)
    data = partner_post(
        Partner(name="Stadt Neu", slug="stadt-neu", city="Neustadt", region="koeln"),
        categories=[category.pk],
        is_published="on",
        state="published",
    )
    response = client.post(reverse("admin:partners_partner_add"), data)
    assert response.status_code == 302
    partner = Partner.objects.get(slug="stadt-neu")
    assert partner.state == State.DRAFT and not partner.is_published
    assert partner.edited_by == editor


def test_editor_changes_to_a_published_item_wait_and_it_is_not_deleted(
    client, make_partner, editor
):
    live = make_partner(name="Stadt Live")
    client.force_login(editor)
    page = client.get(change_url(live)).content.decode()
    assert "wird eine „Änderung zur Freigabe“" in page
    assert 'name="signatories-0-name"' in page  # the inlines can be edited as well
    response = client.post(change_url(live), partner_post(live, name="Stadt Geändert"))
    assert response.status_code == 302
    client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [live.pk], "post": "yes"}
    )
    live.refresh_from_db()
    assert live.name == "Stadt Live" and live.is_published


def test_own_submission_is_not_approved_without_the_setting(client, draft, approver, settings):
    draft.transition("submit", approver)
    client.force_login(approver)
    response = client.post(change_url(draft), partner_post(draft, _workflow_approve="x"))
    assert response.status_code == 200
    assert "Vier-Augen-Prinzip" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == State.REVIEW

    settings.WORKFLOW_SELF_APPROVAL = True
    client.post(change_url(draft), partner_post(draft, _workflow_approve="x"))
    draft.refresh_from_db()
    assert draft.state == State.PUBLISHED


def test_an_approver_who_edited_a_submission_leaves_its_approval_to_another(
    client, draft, editor, approver, make_staff
):
    draft.transition("submit", editor)
    client.force_login(approver)
    edited = partner_post(draft, name="Stadt Umbenannt")
    assert client.post(change_url(draft), edited).status_code == 302
    draft.refresh_from_db()
    assert (draft.name, draft.edited_by, draft.state) == (
        "Stadt Umbenannt",
        approver,
        State.REVIEW,
    )
    assert not Partner.objects.awaiting_approval_by(approver).exists()

    client.post(CHANGELIST, {"action": "approve", "_selected_action": [draft.pk]})
    response = client.post(change_url(draft), partner_post(draft, _workflow_approve="x"))
    assert "zuletzt bearbeitet" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == State.REVIEW

    second = make_staff("Freigabe")
    assert list(Partner.objects.awaiting_approval_by(second)) == [draft]
    client.force_login(second)
    client.post(CHANGELIST, {"action": "approve", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert (draft.state, draft.approved_by, draft.edited_by) == (State.PUBLISHED, second, approver)


def test_approving_from_the_change_form_takes_the_content_unchanged(
    client, make_partner, editor, approver
):
    draft = make_partner(
        name="Stadt Entwurf", is_published=False, signed_on=None, signed_on_precision="unknown"
    )
    draft.edited_by = editor
    draft.save()
    draft.transition("submit", editor)
    client.force_login(approver)
    changed = partner_post(draft, name="Stadt Nebenbei", _workflow_approve="x")
    response = client.post(change_url(draft), changed)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sie haben den Eintrag geändert" in html and "Stadt Nebenbei" in html
    draft.refresh_from_db()
    assert (draft.name, draft.state) == ("Stadt Entwurf", State.REVIEW)

    response = client.post(change_url(draft), partner_post(draft, _workflow_approve="x"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.state, draft.edited_by, draft.approved_by) == (
        State.PUBLISHED,
        editor,
        approver,
    )


def test_bulk_actions_say_how_many_entries_moved_in_the_users_language(
    client, make_partner, editor
):
    drafts = [make_partner(is_published=False), make_partner(is_published=False)]
    client.force_login(editor)
    selected = {"action": "submit_for_approval", "_selected_action": [d.pk for d in drafts]}
    response = client.post(CHANGELIST, selected, follow=True)
    assert "2 Einträge zur Freigabe eingereicht." in response.content.decode()
    with translation.override("en"):
        assert str(DONE["approve"] % {"count": 1}) == "1 entry approved."


def test_approver_withdraws_and_rejects(client, make_partner, editor, approver):
    live, submitted = make_partner(), make_partner(is_published=False)
    submitted.transition("submit", editor)
    client.force_login(approver)
    client.post(CHANGELIST, {"action": "withdraw", "_selected_action": [live.pk]})
    client.post(CHANGELIST, {"action": "reject", "_selected_action": [submitted.pk]})
    live.refresh_from_db(), submitted.refresh_from_db()
    assert (live.state, live.is_published) == (State.WITHDRAWN, False)
    assert submitted.state == State.DRAFT
    logged = LogEntry.objects.filter(user=approver).values_list("change_message", flat=True)
    assert sorted(logged) == ["Ablehnen (zurück an die Redaktion)", "Zurückziehen"]


def test_state_column_and_filter_in_the_change_lists(admin_client, draft, make_partner):
    make_partner(name="Stadt Live")
    response = admin_client.get(CHANGELIST, {"status": "draft"})
    assert [p.name for p in response.context["cl"].result_list] == ["Stadt Entwurf"]
    html = admin_client.get(CHANGELIST).content.decode()
    assert "Entwurf" in html and "Veröffentlicht" in html
    for name in ["pages_page", "press_pressrelease", "press_eventnotice"]:
        html = admin_client.get(reverse(f"admin:{name}_changelist")).content.decode()
        assert "Zur Freigabe" in html  # the filter's choices


def test_setup_roles_creates_freigabe_with_the_publish_permissions(approver, editor):
    assert approver.has_perm("partners.publish_partner")
    assert approver.has_perm("press.publish_pressitem")
    assert approver.has_perm("pages.publish_page")
    assert not editor.has_perm("partners.publish_partner")
    assert editor.has_perm("partners.change_partner")


def test_a_deleted_public_entry_recovered_by_the_editorial_team_comes_back_as_a_draft(
    client, admin_client, make_partner, editor
):
    partner = make_partner(name="Stadt Gelöscht")
    admin_client.post(change_url(partner), admin_form_data(admin_client.get(change_url(partner))))
    pk = partner.pk
    partner.delete()
    version = Version.objects.get_for_model(Partner).filter(object_id=str(pk)).first()
    url = reverse("admin:partners_partner_recover", args=[version.pk])

    client.force_login(editor)
    assert client.post(url, admin_form_data(client.get(url))).status_code == 302
    recovered = Partner.objects.get(pk=pk)
    assert (recovered.state, recovered.is_published) == (State.DRAFT, False)
    assert client.get(f"/partner/{recovered.slug}/").status_code == 404


def test_approving_from_the_change_form_takes_the_inline_rows_unchanged(
    client, make_partner, editor, approver
):
    draft = make_partner(name="Stadt Entwurf", is_published=False)
    draft.transition("submit", editor)
    client.force_login(approver)
    data = admin_form_data(client.get(change_url(draft)))
    added_quote = {
        "quotes-TOTAL_FORMS": str(int(data["quotes-TOTAL_FORMS"]) + 1),
        f"quotes-{data['quotes-TOTAL_FORMS']}-text": "Nebenbei ergänzt.",
        f"quotes-{data['quotes-TOTAL_FORMS']}-speaker_name": "Jemand",
        f"quotes-{data['quotes-TOTAL_FORMS']}-order": "5",
    }
    response = client.post(change_url(draft), {**data, **added_quote, "_workflow_approve": "x"})
    assert response.status_code == 200
    assert "Sie haben den Eintrag geändert" in response.content.decode()
    draft.refresh_from_db()
    assert (
        draft.state == State.REVIEW and not draft.quotes.filter(text="Nebenbei ergänzt.").exists()
    )

    response = client.post(change_url(draft), {**data, "_workflow_approve": "x"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == State.PUBLISHED
