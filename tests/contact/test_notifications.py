"""Never lose a request: saved with its e-mails as pending rows, sent by the worker
(send_pending_notifications), failures retried."""

import datetime
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from contact.models import ContactMessage, Notification, PartnerRequest


def _states(submission):
    return {n.kind: n.state for n in submission.notifications.all()}


def test_request_is_saved_with_pending_mails_that_the_worker_sends(
    client, request_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("contact:partner_request"), request_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("contact:partner_request_thanks")
    # Nothing is sent in the request, not even after the commit:
    partner_request = PartnerRequest.objects.get()
    assert callbacks == []
    assert mail.outbox == []
    assert _states(partner_request) == {"staff": "pending", "confirmation": "pending"}
    call_command("send_pending_notifications")
    assert _states(partner_request) == {"staff": "sent", "confirmation": "sent"}
    staff, confirmation = mail.outbox
    assert staff.to == ["team@ministerium.example"]
    assert staff.reply_to == ["erika@beispielhausen.example"]
    assert confirmation.to == ["erika@beispielhausen.example"]
    assert partner_request.notifications.get(kind="staff").sent_at is not None


def test_staff_notification_holds_everything_the_clerk_needs(client, request_data):
    client.post(reverse("contact:partner_request"), request_data())
    call_command("send_pending_notifications")
    partner_request = PartnerRequest.objects.get()
    staff = mail.outbox[0]
    assert (
        staff.subject == f"Neue Partneranfrage {partner_request.reference}: Stadt Beispielhausen"
    )
    for text in [
        "Stadt Beispielhausen",
        "Kommune",
        "Münster",
        "Erika Mustermann",
        "Integrationsbeauftragte",
        "0251 123456",
        "Fortbildungen zur interkulturellen Kompetenz.\n\nMehrsprachige Aushänge.",
        "Wir freuen uns auf die Zusammenarbeit.",
        f"https://portal.example/admin/contact/partnerrequest/{partner_request.pk}/change/",
        " Uhr\n",
    ]:
        assert text in staff.body
    assert staff.from_email == "Vielfalt verbindet <noreply@ministerium.example>"


def test_confirmation_repeats_nothing_the_sender_typed(client, request_data):
    """Else the form would be a relay: anyone could send any text to any address."""
    client.post(
        reverse("contact:partner_request"),
        request_data(organisation="Kaufen Sie billig", measures="Besuchen Sie spam.example"),
    )
    call_command("send_pending_notifications")
    confirmation = mail.outbox[1]
    reference = PartnerRequest.objects.get().reference
    assert reference in confirmation.subject
    assert reference in confirmation.body
    assert "https://portal.example/datenschutz/" in confirmation.body
    for typed in ["Kaufen", "spam.example", "Erika", "Beispielhausen"]:
        assert typed not in confirmation.body and typed not in confirmation.subject


def test_contact_message_mails(client, message_data):
    response = client.post(reverse("contact:contact_message"), message_data())
    call_command("send_pending_notifications")
    assert response["Location"] == reverse("contact:contact_message_thanks")
    message = ContactMessage.objects.get()
    staff, confirmation = mail.outbox
    assert staff.subject == f"Neue Kontaktnachricht {message.reference}: Frage zur Initiative"
    assert "Wie kann unser Verein mitmachen?" in staff.body
    assert staff.reply_to == ["max@example.org"]
    assert confirmation.to == ["max@example.org"]
    assert message.reference.startswith("KO-")


def test_mails_are_plain_text_only(client, message_data):
    client.post(reverse("contact:contact_message"), message_data())
    call_command("send_pending_notifications")
    for sent in mail.outbox:
        assert not getattr(sent, "alternatives", [])
        assert sent.content_subtype == "plain"
        assert sent.message()["Content-Type"].startswith("text/plain")


def test_subject_lines_never_carry_line_breaks(db):
    """Rows can come from elsewhere than the form (admin, import): the e-mail still holds."""
    message = ContactMessage.objects.create(
        name="X", email="x@example.org", subject="Hallo\r\nBcc: opfer@example.org", message="m"
    )
    notification = message.create_notifications()[0]
    built = notification.build_message()
    assert "\n" not in built.subject and "\r" not in built.subject
    assert built.message()["Bcc"] is None


def test_failed_sending_is_recorded_and_logged_without_personal_data(client, message_data, caplog):
    response = client.post(reverse("contact:contact_message"), message_data())
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
    ):
        with pytest.raises(CommandError, match="0 versandt, 2 fehlgeschlagen"):
            call_command("send_pending_notifications")
    message = ContactMessage.objects.get()
    staff = message.notifications.get(kind="staff")
    assert staff.state == Notification.State.FAILED
    assert staff.attempts == 1
    assert "SMTPServerDisconnected" in staff.last_error
    # The log says what failed, not who wrote what.
    assert "SMTPServerDisconnected" in caplog.text
    assert "max@example.org" not in caplog.text and "Max Muster" not in caplog.text


def test_send_pending_notifications_retries_until_sent(db, message_data, settings):
    message = ContactMessage.objects.create(
        name="Max", email="max@example.org", subject="Frage", message="Text"
    )
    message.create_notifications()
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=TimeoutError("timed out"),
    ):
        with pytest.raises(CommandError, match="0 versandt, 2 fehlgeschlagen"):
            call_command("send_pending_notifications")
    assert _states(message) == {"staff": "failed", "confirmation": "failed"}
    # Not again at once: the next attempt waits (1, 2, 4 … minutes).
    call_command("send_pending_notifications")
    assert mail.outbox == []
    message.notifications.update(next_attempt_at=timezone.now())  # the minute has passed
    call_command("send_pending_notifications")
    assert _states(message) == {"staff": "sent", "confirmation": "sent"}
    assert len(mail.outbox) == 2
    # Nothing left: a further run sends nothing twice.
    call_command("send_pending_notifications")
    assert len(mail.outbox) == 2


def test_retries_stop_after_the_maximum_attempts(db, settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    message = ContactMessage.objects.create(
        name="M", email="m@example.org", subject="S", message="T"
    )
    staff, confirmation = message.create_notifications()
    Notification.objects.filter(pk=staff.pk).update(state="failed", attempts=3)
    Notification.objects.filter(pk=confirmation.pk).update(state="sent", attempts=1)
    call_command("send_pending_notifications")
    assert mail.outbox == []
    assert Notification.objects.given_up().get() == staff


def test_a_claimed_notification_is_not_claimed_again(db):
    message = ContactMessage.objects.create(
        name="M", email="m@example.org", subject="S", message="T"
    )
    staff, confirmation = message.create_notifications()
    first = Notification.objects.claim(1)
    assert first == [staff]
    assert Notification.objects.claim(10) == [confirmation]
    assert Notification.objects.claim(10) == []


def test_a_claim_left_behind_by_a_dead_worker_is_taken_over_after_the_timeout(db, settings):
    settings.NOTIFICATION_CLAIM_TIMEOUT_SECONDS = 900
    message = ContactMessage.objects.create(
        name="M", email="m@example.org", subject="S", message="T"
    )
    staff, confirmation = message.create_notifications()
    Notification.objects.filter(pk=confirmation.pk).update(state="sent")
    assert Notification.objects.claim(10) == [staff]  # ... and the worker dies
    assert not Notification.objects.due().exists()
    later = timezone.now() + datetime.timedelta(minutes=16)
    assert list(Notification.objects.due(now=later)) == [staff]
    assert Notification.objects.claim(10, now=later) == [staff]


# --- real SMTP ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_mail_goes_through_a_real_smtp_server(client, smtp, request_data):
    smtp.start()
    response = client.post(reverse("contact:partner_request"), request_data())
    assert response.status_code == 302
    assert smtp.messages == []
    call_command("send_pending_notifications")
    received = smtp.messages
    assert len(received) == 2
    (staff_rcpt, staff), (confirm_rcpt, confirmation) = received
    assert staff_rcpt == ["team@ministerium.example"]
    assert confirm_rcpt == ["erika@beispielhausen.example"]
    reference = PartnerRequest.objects.get().reference
    assert staff["Subject"] == f"Neue Partneranfrage {reference}: Stadt Beispielhausen"
    assert staff["Reply-To"] == "erika@beispielhausen.example"
    assert staff.get_content_type() == "text/plain"
    body = staff.get_content()
    assert "Fortbildungen zur interkulturellen Kompetenz." in body
    assert "Münster" in body  # non-ASCII survives the trip
    assert reference in confirmation.get_content()
    assert set(_states(PartnerRequest.objects.get()).values()) == {"sent"}


@pytest.mark.django_db(transaction=True)
def test_unreachable_smtp_then_retry_command_delivers(client, smtp, message_data):
    # Nothing listens on the port yet: the mail server is "down".
    response = client.post(reverse("contact:contact_message"), message_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("contact:contact_message_thanks")
    with pytest.raises(CommandError, match="0 versandt, 2 fehlgeschlagen"):
        call_command("send_pending_notifications")
    message = ContactMessage.objects.get()
    assert message.subject == "Frage zur Initiative"
    staff = message.notifications.get(kind="staff")
    assert staff.state == Notification.State.FAILED
    assert "ConnectionRefusedError" in staff.last_error
    assert smtp.messages == []

    smtp.start()  # the mail server is back, and the retry delay has passed
    message.notifications.update(next_attempt_at=timezone.now())
    call_command("send_pending_notifications")
    assert _states(message) == {"staff": "sent", "confirmation": "sent"}
    recipients = sorted(rcpt for rcpt, _msg in smtp.messages)
    assert recipients == [["max@example.org"], ["team@ministerium.example"]]
    staff_mail = next(msg for rcpt, msg in smtp.messages if rcpt == ["team@ministerium.example"])
    assert "Wie kann unser Verein mitmachen?" in staff_mail.get_content()
