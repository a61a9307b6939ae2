"""No e-mail inside a visitor's request: the worker sends; a hanging mail server holds only
the worker. (Several workers at once: test_real_database.py, as processes.)"""

import os
import signal
import socket
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from contact.models import ContactMessage, Notification
from tests.helpers import free_port

BOUND = 30  # seconds any wait in these tests may take at most


class HangingMailServer:
    """Accepts connections on 127.0.0.1 and never answers, like a hung mail server; counts
    the connections it got."""

    def __init__(self):
        self.port = free_port()
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.listener.settimeout(0.1)
        self.accepted = []
        self.running = True
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while self.running:
            try:
                peer, _address = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted.append(peer)

    def stop(self):
        self.running = False
        self.thread.join(timeout=5)
        for peer in self.accepted:
            peer.close()
        self.listener.close()


@pytest.fixture
def hanging_smtp(settings):
    server = HangingMailServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1
    yield server
    server.stop()


def test_a_submission_opens_no_mail_connection_even_when_the_server_hangs(
    client, message_data, hanging_smtp
):
    response = client.post(reverse("contact:contact_message"), message_data())
    assert response.status_code == 302
    assert hanging_smtp.accepted == []  # the request never went near the mail server
    assert set(Notification.objects.values_list("state", flat=True)) == {"pending"}
    # The worker meets the hang, gives up after EMAIL_TIMEOUT and reports its failures.
    with pytest.raises(CommandError, match="0 versandt, 2 fehlgeschlagen"):
        call_command("send_pending_notifications")
    assert len(hanging_smtp.accepted) == 1
    assert set(Notification.objects.values_list("state", flat=True)) == {"failed"}


def _submissions(count):
    for number in range(count):
        ContactMessage.objects.create(
            name=f"Person {number}",
            email=f"person{number}@example.org",
            subject=f"Frage {number}",
            message="Text",
        ).create_notifications()


@pytest.mark.django_db(transaction=True)
def test_the_loop_worker_sends_new_mail_and_stops_on_sigterm(smtp, caplog):
    smtp.start()
    _submissions(1)
    previous = signal.getsignal(signal.SIGTERM)

    def stop_when_delivered():
        deadline = time.monotonic() + BOUND
        while len(smtp.messages) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGTERM)

    stopper = threading.Thread(target=stop_when_delivered)
    stopper.start()
    call_command("send_pending_notifications", "--loop", "--interval", "0.05")
    stopper.join(timeout=BOUND)
    assert len(smtp.messages) == 2
    assert set(Notification.objects.values_list("state", flat=True)) == {"sent"}
    assert "Notification worker stopped" in caplog.text
    assert signal.getsignal(signal.SIGTERM) is previous  # the process's own handler is back
