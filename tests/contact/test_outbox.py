"""The outbox ("E-Mail-Ausgang"): every queued e-mail, read-only, with a retry for failed ones
that the worker then sends over a real SMTP server."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.urls import reverse

from contact.models import ContactMessage, Notification, PartnerRequest
from measures.models import ReportingLink

OUTBOX = reverse("admin:contact_notification_changelist")
INDEX = reverse("admin:index")


@pytest.fixture
def every_kind(db, make_partner, category):
    """One row of each kind: the request's four, a message's two, an approval and a link."""
    partner_request = PartnerRequest.objects.create(
        organisation="Kreis Ausgang",
        category=category,
        city="Ausgangsstadt",
        contact_name="Erika Muster",
        email="erika@kreis-ausgang.example",
        measures="Schulungen.",
    )
    partner_request.create_notifications()
    partner_request.notifications.create(kind=Notification.Kind.STATUS)
    partner_request.notifications.create(kind=Notification.Kind.ANSWER)
    ContactMessage.objects.create(
        name="Ada", email="ada@nachricht.example", subject="Frage", message="Hallo"
    ).create_notifications()
    partner = make_partner(name="Stadt Freigabe")
    Notification.objects.create(
        content_type=ContentType.objects.get_for_model(partner),
        object_id=partner.pk,
        recipient="freigeberin@ministerium.example",
        kind=Notification.Kind.APPROVAL,
    )
    link, token = ReportingLink.objects.create_for(partner, "bericht@stadt.example")
    Notification.send_link(link, "bericht@stadt.example")
    return {"request": partner_request, "partner": partner, "link": link, "token": token}


def _rows(response):
    return list(response.context["cl"].result_list)


def test_outbox_lists_every_kind_with_recipient_state_and_object(admin_client, every_kind):
    Notification.objects.filter(kind="approval").update(
        state="failed", attempts=2, last_error="SMTPRecipientsRefused: nope"
    )
    response = admin_client.get(OUTBOX)
    assert response.status_code == 200
    html = response.content.decode()
    assert {row.kind for row in _rows(response)} == set(Notification.Kind.values)
    assert "E-Mail-Ausgang" in html
    assert "erika@kreis-ausgang.example" in html  # the request's sender, from the request
    assert "ada@nachricht.example" in html
    assert "freigeberin@ministerium.example" in html and "bericht@stadt.example" in html
    assert "SMTPRecipientsRefused: nope" in html and "fehlgeschlagen" in html
    assert every_kind["request"].get_admin_url() in html
    assert reverse("admin:partners_partner_change", args=[every_kind["partner"].pk]) in html
    link_url = reverse("admin:measures_reportinglink_change", args=[every_kind["link"].pk])
    assert link_url in html
    # No body is stored; the token the link had when queued appears nowhere.
    assert every_kind["token"] not in html
    assert (
        every_kind["token"]
        not in admin_client.get(
            reverse("admin:contact_notification_change", args=[Notification.objects.last().pk])
        ).content.decode()
    )


def test_outbox_filters_by_state_and_kind_and_searches_recipients(admin_client, every_kind):
    Notification.objects.filter(kind="link").update(state="failed")
    failed = _rows(admin_client.get(OUTBOX, {"state__exact": "failed"}))
    assert [row.kind for row in failed] == ["link"]
    approvals = _rows(admin_client.get(OUTBOX, {"kind__exact": "approval"}))
    assert [row.recipient for row in approvals] == ["freigeberin@ministerium.example"]
    found = _rows(admin_client.get(OUTBOX, {"q": "kreis-ausgang"}))
    assert {row.kind for row in found} == {"staff", "confirmation", "status", "answer"}
    assert [row.kind for row in _rows(admin_client.get(OUTBOX, {"q": "bericht@"}))] == ["link"]
    year = Notification.objects.first().created_at.year
    assert len(_rows(admin_client.get(OUTBOX, {"created_at__year": year}))) == 8


def test_outbox_query_count_is_fixed(admin_client, every_kind, django_assert_num_queries):
    admin_client.get(OUTBOX)
    # Session, user, the filtered and the full count, the admin's letterhead check, the rows
    # with their submissions and content types, the date hierarchy's range and its days.
    with django_assert_num_queries(8):
        admin_client.get(OUTBOX)
    every_kind["request"].notifications.create(kind=Notification.Kind.STATUS)
    with django_assert_num_queries(8):
        admin_client.get(OUTBOX)


def test_no_one_adds_changes_or_deletes_outbox_rows(admin_client, every_kind):
    row = Notification.objects.first()
    assert admin_client.get(reverse("admin:contact_notification_add")).status_code == 403
    change = reverse("admin:contact_notification_change", args=[row.pk])
    assert admin_client.post(change, {"state": "sent"}).status_code == 403
    assert (
        admin_client.post(
            reverse("admin:contact_notification_delete", args=[row.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    html = admin_client.get(OUTBOX).content.decode()
    assert "delete_selected" not in html
    assert reverse("admin:contact_notification_add") not in html
    response = admin_client.post(
        OUTBOX, {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert Notification.objects.filter(pk=row.pk).exists()


def test_retry_is_for_request_handling_only(client, make_staff, every_kind, django_user_model):
    client.force_login(make_staff("Anfragenbearbeitung"))
    assert 'value="retry"' in client.get(OUTBOX).content.decode()
    client.force_login(make_staff("Redaktion"))
    assert client.get(OUTBOX).status_code == 403
    viewer = django_user_model.objects.create_user("nurlesen", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_notification"))
    client.force_login(viewer)
    html = client.get(OUTBOX).content.decode()
    assert "erika@kreis-ausgang.example" in html and 'value="retry"' not in html
    failed = Notification.objects.get(kind="link")
    failed.state = Notification.State.FAILED
    failed.save()
    client.post(OUTBOX, {"action": "retry", "_selected_action": [failed.pk]})
    failed.refresh_from_db()
    assert failed.state == Notification.State.FAILED


@pytest.mark.django_db(transaction=True)
def test_retry_puts_failed_mails_back_and_the_worker_delivers_them(
    client, make_staff, every_kind, smtp, settings
):
    Notification.objects.exclude(kind__in=["link", "approval"]).update(state="sent")
    settings.NOTIFICATION_MAX_ATTEMPTS = 2
    # Nothing listens yet: both fail, as often as the worker allows.
    for _attempt in range(settings.NOTIFICATION_MAX_ATTEMPTS):
        with pytest.raises(CommandError, match="fehlgeschlagen"):
            call_command("send_pending_notifications")
        Notification.objects.update(next_attempt_at=None)
    assert set(Notification.objects.given_up().values_list("kind", flat=True)) == {
        "link",
        "approval",
    }
    client.force_login(make_staff("Anfragenbearbeitung"))
    sent = every_kind["request"].notifications.get(kind="staff")
    rows = list(Notification.objects.filter(kind__in=["link", "approval"])) + [sent]
    response = client.post(
        OUTBOX, {"action": "retry", "_selected_action": [row.pk for row in rows]}, follow=True
    )
    assert "2 fehlgeschlagene E-Mails warten wieder auf Versand." in response.content.decode()
    assert set(Notification.objects.filter(state="pending").values_list("kind", "attempts")) == {
        ("link", 0),
        ("approval", 0),
    }
    sent.refresh_from_db()
    assert sent.state == Notification.State.SENT

    smtp.start()
    call_command("send_pending_notifications")
    assert sorted(recipients for recipients, _message in smtp.messages) == [
        ["bericht@stadt.example"],
        ["freigeberin@ministerium.example"],
    ]
    assert not Notification.objects.exclude(state="sent").exists()
    mailed = next(m for r, m in smtp.messages if r == ["bericht@stadt.example"])
    token = re.search(r"/berichten/([^/\s]+)/", mailed.get_content())[1]
    assert token not in client.get(OUTBOX).content.decode()


def test_desk_shows_failed_mails_only_when_there_are_any(client, make_staff, every_kind):
    client.force_login(make_staff("Anfragenbearbeitung"))
    assert "mails" not in {b.key for b in client.get(INDEX).context["desk"]["blocks"]}
    Notification.objects.filter(kind__in=["link", "approval"]).update(
        state="failed", last_error="ConnectionRefusedError: weg"
    )
    response = client.get(INDEX)
    block = {b.key: b for b in response.context["desk"]["blocks"]}["mails"]
    assert block.count == 2
    html = response.content.decode()
    assert "E-Mails fehlgeschlagen (2)" in html
    assert OUTBOX + "?state__exact=failed" in html
    client.force_login(make_staff("Redaktion"))
    assert "mails" not in {b.key for b in client.get(INDEX).context["desk"]["blocks"]}
