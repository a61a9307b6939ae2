"""Retry the e-mails about submissions that could not be sent (mail server down, timeout).

Run it regularly (e.g. every 10 minutes from cron or a systemd timer) and after an
outage. Prints counts only; no personal data.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from contact.models import Notification
from contact.notifications import deliver


class Command(BaseCommand):
    help = "Sendet E-Mail-Benachrichtigungen zu Anfragen erneut, die noch nicht versandt sind."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit",
            type=int,
            default=500,
            help="Höchstens so viele E-Mails in einem Lauf (Standard: 500).",
        )

    def handle(self, *args, limit, **options):
        due = list(Notification.objects.due().with_submission()[: max(0, limit)])
        sent = deliver(due) if due else 0
        failed = len(due) - sent
        given_up = Notification.objects.given_up().count()
        summary = (
            f"{sent} versandt, {failed} fehlgeschlagen, {given_up} aufgegeben "
            f"(nach {settings.NOTIFICATION_MAX_ATTEMPTS} Versuchen)."
        )
        if failed:
            # A non-zero exit lets cron or systemd report the problem.
            raise CommandError(summary)
        self.stdout.write(summary)
