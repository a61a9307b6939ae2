"""Sending the e-mails about submissions: used by the ``send_pending_notifications`` worker
only, never inside a visitor's request (a slow or hanging mail server must not hold a page).

A failure is recorded on the notification (state, attempts, last error, next attempt) and
logged without personal data; it never reaches the person who submitted the form.
"""

import logging
from dataclasses import dataclass

from django.core.mail import get_connection

from .models import Notification

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What one worker did with the notifications it claimed."""

    sent: int = 0
    failed: int = 0
    released: int = 0

    def __iadd__(self, other):
        self.sent += other.sent
        self.failed += other.failed
        self.released += other.released
        return self

    @property
    def tried(self):
        return self.sent + self.failed


def send_due(limit, should_stop=lambda: False):
    """Claim up to ``limit`` due notifications and send them over one connection."""
    claimed = Notification.objects.claim(limit)
    return deliver(claimed, should_stop) if claimed else Outcome()


def deliver(claimed, should_stop=lambda: False):
    """Send notifications this caller has claimed. Asked to stop, it gives the rest back."""
    outcome = Outcome()
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception as error:  # noqa: BLE001 - any failure to connect is recorded, not raised
        for notification in claimed:
            _failed(notification, error)
        return Outcome(failed=len(claimed))
    try:
        for position, notification in enumerate(claimed):
            if should_stop():
                outcome.released = Notification.objects.release(claimed[position:])
                break
            try:
                if not notification.build_message(connection).send():
                    raise ValueError("no recipients")
            except Exception as error:  # noqa: BLE001 - a failed e-mail must not stop the rest
                _failed(notification, error)
                outcome.failed += 1
            else:
                notification.mark_sent()
                outcome.sent += 1
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - closing a broken connection may fail, too
            logger.debug("Closing the mail connection failed", exc_info=True)
    return outcome


def _failed(notification, error):
    notification.mark_failed(error)
    logger.warning(
        "Notification %s (%s) failed, attempt %s: %s",
        notification.pk,
        notification.kind,
        notification.attempts,
        type(error).__name__,
    )
