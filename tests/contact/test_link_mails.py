"""Personal links by e-mail go through the notification rows: staff queue them in the admin
(reporting link, annual call), the worker sends them over a real SMTP server, and the token
is made only when the e-mail is built, so no working address waits in the database."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from contact.models import Notification
from measures.models import ReportingLink

pytestmark = pytest.mark.django_db(transaction=True)

CHANGELIST = reverse("admin:partners_partner_changelist")


def _link_in(message):
    return re.search(r"https://portal\.example(/berichten/[^/\s]+/)", message.get_content())[1]


def _create_link(admin_client, partner, email):
    admin_client.post(
        CHANGELIST,
        {
            "action": "create_reporting_link",
            "_selected_action": [partner.pk],
            "email": email,
            "apply": "1",
        },
    )


def test_reporting_link_reaches_the_partner_through_the_worker(
    admin_client, client, smtp, make_partner
):
    smtp.start()
    partner = make_partner(name="Stadt Mailhausen")
    _create_link(admin_client, partner, "integration@mailhausen.example")
    queued = Notification.objects.get(kind="link")
    assert queued.state == Notification.State.PENDING and smtp.messages == []
    stored_before = ReportingLink.objects.get().token_hash

    call_command("send_pending_notifications")

    ((recipients, message),) = smtp.messages
    assert recipients == ["integration@mailhausen.example"]
    assert "Ihr Link zum Berichten" in message["Subject"]
    path = _link_in(message)
    page = client.get(path)
    assert page.status_code == 200 and "Stadt Mailhausen" in page.content.decode()
    link = ReportingLink.objects.get()
    assert link.token_hash != stored_before  # the token was made for the e-mail
    assert path.split("/")[-2] not in str(Notification.objects.values().get())
    queued.refresh_from_db()
    assert queued.state == Notification.State.SENT


def test_annual_call_goes_out_through_the_worker(admin_client, client, smtp, make_partner):
    smtp.start()
    first, second = make_partner(name="Kreis Eins"), make_partner(name="Kreis Zwei")
    ReportingLink.objects.create_for(first, "eins@kreis.example")
    ReportingLink.objects.create_for(second, "zwei@kreis.example")
    admin_client.post(
        CHANGELIST, {"action": "send_annual_call", "_selected_action": [first.pk, second.pk]}
    )
    assert Notification.objects.filter(kind="link", state="pending").count() == 2
    assert smtp.messages == []

    call_command("send_pending_notifications")

    assert sorted(rcpt for rcpt, _message in smtp.messages) == [
        ["eins@kreis.example"],
        ["zwei@kreis.example"],
    ]
    for _rcpt, message in smtp.messages:
        assert "jährlicher Bericht" in message["Subject"]
        assert client.get(_link_in(message)).status_code == 200


def test_unreachable_smtp_keeps_the_link_mail_for_a_retry(
    admin_client, client, smtp, make_partner
):
    partner = make_partner()
    _create_link(admin_client, partner, "spaeter@partner.example")  # nothing listens yet
    with pytest.raises(CommandError, match="0 versandt, 1 fehlgeschlagen"):
        call_command("send_pending_notifications")
    queued = Notification.objects.get(kind="link")
    assert queued.state == Notification.State.FAILED and queued.sent_at is None
    assert "ConnectionRefusedError" in queued.last_error

    smtp.start()
    Notification.objects.update(next_attempt_at=timezone.now())
    call_command("send_pending_notifications")
    ((recipients, message),) = smtp.messages
    assert recipients == ["spaeter@partner.example"]
    assert client.get(_link_in(message)).status_code == 200


def test_a_link_revoked_before_sending_is_not_sent(admin_client, smtp, make_partner):
    smtp.start()
    _create_link(admin_client, make_partner(), "zurueck@partner.example")
    ReportingLink.objects.revoke()
    with pytest.raises(CommandError, match="0 versandt, 1 fehlgeschlagen"):
        call_command("send_pending_notifications")
    assert smtp.messages == []
    assert "revoked" in Notification.objects.get(kind="link").last_error
