"""Helpers for the contact tests: time tokens and a real SMTP server."""

import email
import email.policy
import time

from aiosmtpd.controller import Controller

from core.spam import make_form_token


def token(form_id, age=10):
    """A time token issued ``age`` seconds ago (old enough to pass, young enough to live)."""
    return make_form_token(form_id, issued=time.time() - age)


class _Collector:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


class SmtpServer:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives."""

    def __init__(self, port):
        self.port = port
        self.collector = _Collector()
        self.controller = None

    def start(self):
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        """(envelope recipients, parsed message) for each mail received."""
        return [
            (
                envelope.rcpt_tos,
                email.message_from_bytes(envelope.content, policy=email.policy.default),
            )
            for envelope in self.collector.envelopes
        ]
