"""Review in the admin: lists, filters, search, the draft action, attachments, e-mail state."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from contact.models import ContactMessage, Notification, PartnerRequest
from partners.models import Partner
from tests.helpers import PDF_BYTES, pdf_upload

CHANGELIST = "admin:contact_partnerrequest_changelist"


@pytest.fixture
def make_request(category):
    def make(**fields):
        defaults = {
            "organisation": "Kreis Beispiel",
            "category": category,
            "city": "Beispielstadt",
            "region": "detmold",
            "website": "https://kreis-beispiel.example",
            "contact_name": "Erika Muster",
            "contact_role": "Dezernentin",
            "email": "erika@kreis-beispiel.example",
            "measures": "Wir schulen alle Führungskräfte.",
            "message": "Hallo.",
        }
        defaults.update(fields)
        return PartnerRequest.objects.create(**defaults)

    return make


def _staff_user(django_user_model, username, *groups):
    call_command("setup_roles", verbosity=0)
    user = django_user_model.objects.create_user(username, password="x-geheim-1", is_staff=True)
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


def test_request_list_shows_status_assignee_and_mail_state(admin_client, make_request, admin_user):
    partner_request = make_request(assignee=admin_user)
    partner_request.create_notifications()
    partner_request.notifications.filter(kind="staff").update(state="failed")
    html = admin_client.get(reverse(CHANGELIST)).content.decode()
    assert partner_request.reference in html
    assert "Kreis Beispiel" in html
    assert "neu" in html
    assert "Benachrichtigung an das Ministerium: fehlgeschlagen" in html
    assert "Eingangsbestätigung an die Absender: wartet auf Versand" in html


def test_request_list_query_count_is_constant(
    admin_client, make_request, django_assert_max_num_queries
):
    for _ in range(3):
        make_request().create_notifications()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        admin_client.get(reverse(CHANGELIST))
    for _ in range(30):
        make_request().create_notifications()
    with CaptureQueriesContext(connection) as large:
        admin_client.get(reverse(CHANGELIST))
    assert len(small.captured_queries) == len(large.captured_queries)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status__exact": "new"}, {"Neu eingegangen"}),
        ({"status__exact": "rejected"}, {"Abgelehnt GmbH"}),
        ({"versand": "fehler"}, {"Neu eingegangen"}),
        ({"versand": "versandt"}, {"Abgelehnt GmbH"}),
        ({"q": "Abgelehnt"}, {"Abgelehnt GmbH"}),
    ],
)
def test_filters_and_search(admin_client, make_request, query, expected):
    new = make_request(organisation="Neu eingegangen")
    new.create_notifications()
    new.notifications.filter(kind="staff").update(state="failed")
    rejected = make_request(organisation="Abgelehnt GmbH", status="rejected")
    rejected.create_notifications()
    rejected.notifications.update(state="sent")
    response = admin_client.get(reverse(CHANGELIST), query)
    shown = {r.organisation for r in response.context["cl"].result_list}
    assert shown == expected


def test_search_by_reference_from_the_email(admin_client, make_request):
    make_request(organisation="Andere")
    wanted = make_request(organisation="Gesuchte Anfrage")
    response = admin_client.get(reverse(CHANGELIST), {"q": wanted.reference.lower()})
    assert [r.pk for r in response.context["cl"].result_list] == [wanted.pk]


def test_clerk_edits_status_assignee_and_notes_but_not_what_was_sent(
    admin_client, make_request, admin_user
):
    partner_request = make_request()
    url = reverse("admin:contact_partnerrequest_change", args=[partner_request.pk])
    html = admin_client.get(url).content.decode()
    assert 'name="status"' in html and 'name="assignee"' in html
    assert 'name="internal_notes"' in html
    assert 'name="organisation"' not in html and 'name="email"' not in html
    response = admin_client.post(
        url,
        {
            "status": "rejected",
            "assignee": admin_user.pk,
            "internal_notes": "Passt nicht.",
            "category": partner_request.category_id,
            "region": "detmold",
            "notifications-TOTAL_FORMS": "0",
            "notifications-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    partner_request.refresh_from_db()
    assert partner_request.status == "rejected"
    assert partner_request.assignee == admin_user
    assert partner_request.closed_at is not None
    assert partner_request.organisation == "Kreis Beispiel"


def test_assignee_choices_are_staff_only(admin_client, make_request, django_user_model):
    django_user_model.objects.create_user("buerger", password="x-geheim-1", is_staff=False)
    url = reverse("admin:contact_partnerrequest_change", args=[make_request().pk])
    html = admin_client.get(url).content.decode()
    assert ">admin<" in html
    assert "buerger" not in html


def test_change_page_shows_the_notification_state(admin_client, make_request):
    partner_request = make_request()
    partner_request.create_notifications()
    partner_request.notifications.filter(kind="staff").update(
        state="failed", attempts=2, last_error="ConnectionRefusedError: [Errno 111]"
    )
    url = reverse("admin:contact_partnerrequest_change", args=[partner_request.pk])
    html = admin_client.get(url).content.decode()
    assert "E-Mail-Versand" in html
    assert "ConnectionRefusedError: [Errno 111]" in html


def test_action_turns_request_into_unpublished_partner_draft(admin_client, make_request):
    Partner.objects.create(name="Vorhanden", slug="kreis-guetersloh")
    partner_request = make_request(
        organisation="Kreis Gütersloh",
        region="detmold",
        measures="Wir schulen alle Führungskräfte.\r\n\r\nSprachkurse <Deutsch & Türkisch>.",
    )
    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "create_partner_drafts", "_selected_action": [partner_request.pk]},
        follow=True,
    )
    partner = Partner.objects.get(name="Kreis Gütersloh")
    assert not partner.is_published
    assert partner.slug == "kreis-guetersloh-2"
    assert list(partner.categories.all()) == [partner_request.category]
    assert (partner.city, partner.region) == ("Beispielstadt", "detmold")
    assert partner.website == "https://kreis-beispiel.example"
    # The organisation's plain text, every character kept, as the partner's rich text.
    assert partner.commitment == (
        "<p>Wir schulen alle Führungskräfte.</p><p>Sprachkurse &lt;Deutsch &amp; Türkisch&gt;.</p>"
    )
    partner_request.refresh_from_db()
    assert partner_request.status == "accepted"
    assert partner_request.partner == partner
    html = response.content.decode()
    draft_url = reverse("admin:partners_partner_change", args=[partner.pk])
    assert f'Partner-Entwurf <a href="{draft_url}">Kreis Gütersloh</a> angelegt' in html


def test_action_does_not_convert_twice_or_rejected_requests(admin_client, make_request):
    converted = make_request()
    converted.create_partner_draft()
    rejected = make_request(status="rejected")
    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "create_partner_drafts", "_selected_action": [converted.pk, rejected.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "bereits ein Partner-Entwurf" in html
    assert "ist abgelehnt" in html
    assert Partner.objects.count() == 1


def test_request_without_category_cannot_become_a_draft(make_request):
    from django.core.exceptions import ValidationError

    partner_request = make_request(category=None)
    with pytest.raises(ValidationError, match="zuerst eine Art"):
        partner_request.create_partner_draft()
    assert Partner.objects.count() == 0


def test_resend_action_queues_what_failed_for_the_worker(admin_client, make_request):
    partner_request = make_request()
    staff, confirmation = partner_request.create_notifications()
    partner_request.notifications.update(state="failed", attempts=10)
    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "resend_notifications", "_selected_action": [partner_request.pk]},
        follow=True,
    )
    assert "2 E-Mails zum erneuten Versand vorgemerkt" in response.content.decode()
    # Nothing is sent inside the admin's request; the worker sends on its next round.
    assert mail.outbox == []
    assert set(partner_request.notifications.values_list("state", "attempts")) == {("pending", 0)}
    call_command("send_pending_notifications")
    assert len(mail.outbox) == 2
    assert set(partner_request.notifications.values_list("state", flat=True)) == {"sent"}


def test_resend_action_leaves_an_e_mail_being_sent_alone(admin_client, make_request):
    partner_request = make_request()
    partner_request.create_notifications()
    being_sent = Notification.objects.claim(1)  # a worker is sending it right now
    admin_client.post(
        reverse(CHANGELIST),
        {"action": "resend_notifications", "_selected_action": [partner_request.pk]},
    )
    being_sent[0].refresh_from_db()
    assert being_sent[0].state == "sending"


def test_assign_to_me_and_in_progress_actions(admin_client, make_request, admin_user):
    partner_request = make_request()
    for action in ["assign_to_me", "mark_in_progress"]:
        admin_client.post(
            reverse(CHANGELIST), {"action": action, "_selected_action": [partner_request.pk]}
        )
    partner_request.refresh_from_db()
    assert partner_request.assignee == admin_user
    assert partner_request.status == "in_progress"


def test_attachment_download_only_through_the_admin(
    client, admin_client, make_request, django_user_model
):
    partner_request = make_request(attachment=pdf_upload())
    url = reverse("admin:contact_partnerrequest_attachment", args=[partner_request.pk])
    change = admin_client.get(
        reverse("admin:contact_partnerrequest_change", args=[partner_request.pk])
    ).content.decode()
    assert f'href="{url}"' in change
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    # Anonymous visitors are sent to the login; editors without the right get nothing.
    assert client.get(url).status_code == 302
    editor = _staff_user(django_user_model, "redakteurin", "Redaktion")
    client.force_login(editor)
    assert client.get(url).status_code in (403, 404)


def test_contact_messages_admin(admin_client):
    message = ContactMessage.objects.create(
        name="Max", email="max@example.org", subject="Frage zum Flyer", message="Text"
    )
    html = admin_client.get(reverse("admin:contact_contactmessage_changelist")).content.decode()
    assert "Frage zum Flyer" in html and message.reference in html
    change = admin_client.get(
        reverse("admin:contact_contactmessage_change", args=[message.pk])
    ).content.decode()
    assert "beantwortet" in change and 'name="subject"' not in change


def test_document_admin_refuses_a_fake_pdf(admin_client):
    response = admin_client.post(
        reverse("admin:contact_document_add"),
        {
            "title": "Flyer",
            "file": pdf_upload("flyer.pdf", b"<html>kein pdf</html>"),
            "description": "",
            "order": "0",
            "is_published": "on",
        },
    )
    assert response.status_code == 200
    assert "Die Datei ist kein PDF-Dokument." in response.content.decode()


def test_document_admin_accepts_a_pdf_and_records_its_size(admin_client):
    response = admin_client.post(
        reverse("admin:contact_document_add"),
        {"title": "Partnerkonzept", "file": pdf_upload(), "order": "1", "is_published": "on"},
    )
    assert response.status_code == 302
    from contact.models import Document

    document = Document.objects.get()
    assert document.file_size == len(PDF_BYTES)
    assert document.file.name.endswith(".pdf")


# --- roles ---------------------------------------------------------------------------------


def test_setup_roles_is_idempotent(db, capsys):
    call_command("setup_roles")
    first = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    call_command("setup_roles")
    second = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    assert first == second
    assert Group.objects.count() == 3
    assert first["Freigabe"] - first["Redaktion"] == {
        "publish_partner",
        "publish_pressitem",
        "publish_page",
        "publish_measure",
    }
    assert first["Redaktion"] <= first["Freigabe"]
    assert {"add_partner", "change_page", "delete_document", "view_quote"} <= first["Redaktion"]
    assert "view_partnerrequest" not in first["Redaktion"]
    assert first["Anfragenbearbeitung"] == {
        "view_partnerrequest",
        "change_partnerrequest",
        "view_contactmessage",
        "change_contactmessage",
        "view_notification",
        "resend_notification",
    }
    assert "aktualisiert" in capsys.readouterr().out


def test_request_handlers_work_requests_but_not_partners(client, django_user_model, make_request):
    make_request()
    handler = _staff_user(django_user_model, "bearbeiter", "Anfragenbearbeitung")
    client.force_login(handler)
    assert client.get(reverse(CHANGELIST)).status_code == 200
    assert client.get(reverse("admin:contact_contactmessage_changelist")).status_code == 200
    assert client.get(reverse("admin:partners_partner_changelist")).status_code == 403
    assert client.get(reverse("admin:pages_page_changelist")).status_code == 403
    change = client.get(
        reverse("admin:contact_partnerrequest_change", args=[PartnerRequest.objects.get().pk])
    )
    assert change.status_code == 200
    assert "E-Mail-Versand" in change.content.decode()
    # Converting needs the right to add partners, too: the action is not offered.
    html = client.get(reverse(CHANGELIST)).content.decode()
    assert "create_partner_drafts" not in html
    assert "resend_notifications" in html


def test_editors_edit_pages_and_documents_but_see_no_requests(client, django_user_model):
    editor = _staff_user(django_user_model, "redakteur", "Redaktion")
    client.force_login(editor)
    assert client.get(reverse("admin:pages_page_changelist")).status_code == 200
    assert client.get(reverse("admin:contact_document_add")).status_code == 200
    assert client.get(reverse("admin:partners_partner_add")).status_code == 200
    assert client.get(reverse(CHANGELIST)).status_code == 403


def test_notification_rows_are_not_editable_in_the_admin(admin_client, make_request):
    partner_request = make_request()
    partner_request.create_notifications()
    url = reverse("admin:contact_partnerrequest_change", args=[partner_request.pk])
    html = admin_client.get(url).content.decode()
    assert 'name="notifications-0-state"' not in html
    assert Notification.objects.count() == 2


def test_a_replaced_document_file_stays_until_no_version_names_it(
    admin_client, settings, django_capture_on_commit_callbacks
):
    from contact.models import Document

    document = Document.objects.create(title="Flyer", file=pdf_upload())
    old_path = settings.MEDIA_ROOT / document.file.name
    assert old_path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:contact_document_change", args=[document.pk]),
            {"title": "Flyer 2025", "file": pdf_upload("neu.pdf"), "order": "0"},
        )
    assert response.status_code == 302
    document.refresh_from_db()
    assert old_path.exists()  # a restore of the earlier state would need it
    call_command("purge_unused_files", "--grace-hours=0", stdout=io.StringIO())
    assert not old_path.exists()  # no version of the document names it
    assert (settings.MEDIA_ROOT / document.file.name).exists()


def test_the_draft_message_is_translated(admin_client, make_request, settings):
    """The admin speaks the site's default language; the action's message goes through the
    catalogue like every other text."""
    settings.LANGUAGE_CODE = "en"
    partner_request = make_request(organisation="Kreis Lippe")
    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "create_partner_drafts", "_selected_action": [partner_request.pk]},
        follow=True,
    )
    draft_url = reverse("admin:partners_partner_change", args=[Partner.objects.get().pk])
    assert (
        f'{partner_request.reference}: partner draft <a href="{draft_url}">Kreis Lippe</a> '
        "created (not yet published)."
    ) in response.content.decode()
