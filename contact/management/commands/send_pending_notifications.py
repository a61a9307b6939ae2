"""The notification worker: sends the e-mails about submissions.

    manage.py send_pending_notifications --loop   # as a service: every few seconds
    manage.py send_pending_notifications          # once (cron, or after an outage)

Several workers, also on several machines, may run at once: each claims the e-mails it
sends (Notification.objects.claim), so none goes out twice, and each reports only its own.
With --loop it stops cleanly on SIGTERM or SIGINT (finishing the e-mail in hand, giving
the rest back) and outlives database and mail server outages. Prints counts only.
"""

import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection

from contact.models import Notification
from contact.notifications import Outcome, send_due
from core.middleware import DATABASE_UNAVAILABLE

logger = logging.getLogger("contact.worker")


class Command(BaseCommand):
    help = "Sendet die E-Mail-Benachrichtigungen zu Anfragen, die noch nicht versandt sind."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            action="store_true",
            help="Als Dienst laufen: alle --interval Sekunden nachsehen, bis SIGTERM.",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="Sekunden zwischen zwei Durchgängen mit --loop "
            "(Standard: DJANGO_NOTIFICATION_POLL_SECONDS, 5).",
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=500,
            help="Höchstens so viele E-Mails in einem Durchgang (Standard: 500).",
        )
        parser.add_argument(
            "--batch",
            type=int,
            default=20,
            help="So viele E-Mails auf einmal beanspruchen und über eine Verbindung senden "
            "(Standard: 20).",
        )

    def handle(self, *args, loop, interval, limit, batch, **options):
        self.stop = threading.Event()
        if loop:
            return self.run_forever(
                settings.NOTIFICATION_POLL_SECONDS if interval is None else interval,
                limit,
                batch,
            )
        outcome = self.run_once(limit, batch)
        summary = self.summary(outcome)
        if outcome.failed:
            # A non-zero exit lets cron or systemd report the problem: this run's own.
            raise CommandError(summary)
        self.stdout.write(summary)

    def run_once(self, limit, batch):
        outcome = Outcome()
        while outcome.tried < max(0, limit) and not self.stop.is_set():
            round_outcome = send_due(min(max(1, batch), limit - outcome.tried), self.stop.is_set)
            outcome += round_outcome
            if not round_outcome.tried:
                break
        return outcome

    def run_forever(self, interval, limit, batch):
        previous = {
            signum: signal.signal(signum, lambda *_args: self.stop.set())
            for signum in (signal.SIGTERM, signal.SIGINT)
        }
        logger.info("Notification worker started, looking every %s s", interval)
        try:
            while not self.stop.is_set():
                close_old_connections()
                try:
                    outcome = self.run_once(limit, batch)
                except DATABASE_UNAVAILABLE as error:
                    logger.warning("Database unavailable, trying again: %s", type(error).__name__)
                    connection.close()
                else:
                    if outcome.tried or outcome.released:
                        logger.info(self.summary(outcome))
                self.stop.wait(interval)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        logger.info("Notification worker stopped")

    @staticmethod
    def summary(outcome):
        given_up = Notification.objects.given_up().count()
        return (
            f"{outcome.sent} versandt, {outcome.failed} fehlgeschlagen, {given_up} aufgegeben "
            f"(nach {settings.NOTIFICATION_MAX_ATTEMPTS} Versuchen)."
        )
