"""Sending the e-mails about a submission: one piece of code for requests and messages,
used right after the commit and by ``send_pending_notifications``.

A failure is recorded on the notification (state, attempts, last error) and logged without
personal data; it never reaches the person who submitted the form.
"""

import logging
from functools import partial

from django.core.mail import get_connection
from django.db import transaction

logger = logging.getLogger(__name__)


def deliver(notifications):
    """Send the given notifications over one connection; return how many were sent."""
    claimed = [notification for notification in notifications if notification.claim()]
    if not claimed:
        return 0
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception as error:  # noqa: BLE001 - any failure to connect is recorded, not raised
        for notification in claimed:
            _failed(notification, error)
        return 0
    sent = 0
    try:
        for notification in claimed:
            try:
                if not notification.build_message(connection).send():
                    raise ValueError("no recipients")
            except Exception as error:  # noqa: BLE001 - a failed e-mail must not stop the rest
                _failed(notification, error)
            else:
                notification.mark_sent()
                sent += 1
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - closing a broken connection may fail, too
            logger.debug("Closing the mail connection failed", exc_info=True)
    return sent


def _failed(notification, error):
    notification.mark_failed(error)
    logger.warning(
        "Notification %s (%s) failed, attempt %s: %s",
        notification.pk,
        notification.kind,
        notification.attempts,
        type(error).__name__,
    )


def _deliver_quietly(notifications):
    try:
        deliver(notifications)
    except Exception:  # noqa: BLE001 - the submission is saved; the retry command sends later
        logger.exception("Delivering notifications failed; they stay pending")


def deliver_after_commit(notifications):
    """Send once the surrounding transaction has committed (at once outside of one)."""
    transaction.on_commit(partial(_deliver_quietly, list(notifications)))
