"""Delete closed requests and contact messages whose retention period has run out (DSGVO).

Files sent with them and their e-mail notifications go with them, e-mails of no request
(approvals, personal links) go after the same period, and so do stored request
attachments whose request is gone (a removal that failed earlier). Logs counts only.
Run it daily; see README.
"""

import datetime
import logging

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from contact.models import ContactMessage, Notification, PartnerRequest

logger = logging.getLogger("contact.purge")

# Files younger than this may belong to a request that is being saved right now.
ORPHAN_GRACE_PERIOD = datetime.timedelta(days=1)


class Command(BaseCommand):
    help = (
        "Löscht abgeschlossene Partneranfragen und Kontaktnachrichten nach Ablauf der "
        "Speicherdauer (SUBMISSION_RETENTION_DAYS), samt Anlagen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur zählen, nichts löschen.",
        )

    def handle(self, *args, dry_run, **options):
        days = settings.SUBMISSION_RETENTION_DAYS
        counts = {}
        with transaction.atomic():
            for model in (PartnerRequest, ContactMessage):
                due = model.objects.due_for_purge()
                if dry_run:
                    counts[model] = due.count()
                else:
                    # QuerySet.delete() sends post_delete per row: attachments go, too.
                    _total, per_model = due.delete()
                    counts[model] = per_model.get(model._meta.label, 0)
            mails = Notification.objects.due_for_purge()
            mail_count = mails.count() if dry_run else mails.delete()[0]
        orphans = 0
        if not dry_run:
            orphans = PartnerRequest.delete_orphaned_attachments(
                timezone.now() - ORPHAN_GRACE_PERIOD
            )
        overdue = sum(model.objects.open_beyond_retention().count() for model in counts)
        verb = "würden gelöscht" if dry_run else "gelöscht"
        summary = (
            f"Speicherdauer {days} Tage: {counts[PartnerRequest]} Partneranfragen und "
            f"{counts[ContactMessage]} Kontaktnachrichten {verb}; {mail_count} E-Mails ohne "
            f"Anfrage (Freigaben, persönliche Links) {verb}."
        )
        logger.info("purge_submissions%s: %s", " (dry run)" if dry_run else "", summary)
        self.stdout.write(summary)
        if orphans:
            leftover = f"{orphans} verwaiste Anlagen ohne Partneranfrage gelöscht."
            logger.warning("purge_submissions: %s", leftover)
            self.stdout.write(leftover)
        if overdue:
            warning = (
                f"{overdue} offene Einträge sind älter als {days} Tage und noch nicht "
                "abgeschlossen; bitte bearbeiten."
            )
            logger.warning("purge_submissions: %s", warning)
            self.stdout.write(warning)
