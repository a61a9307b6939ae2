"""manage.py restore <ordner>: a backup into an empty database and empty storages."""

from django.core.management.base import BaseCommand

from core.backup import restore_backup
from core.cache import bump_content_version
from core.management.commands.backup import backup_storages


class Command(BaseCommand):
    help = (
        "Stellt ein Backup von `manage.py backup` wieder her: nur in eine leere, migrierte "
        "Datenbank und leere Ablagen; prüft jede Prüfsumme."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Backup-Ordner")

    def handle(self, *args, folder, **options):
        restore_backup(folder, backup_storages(), stdout=self.stdout)
        bump_content_version()  # cached pages from before are void
