"""manage.py backup <ordner>: database content and all uploaded files (core/backup.py)."""

from django.core.files.storage import storages
from django.core.management.base import BaseCommand

from core.backup import create_backup


def backup_storages():
    """The storages a backup covers: public uploads and the request attachments."""
    return {"media": storages["default"], "private": storages["private"]}


class Command(BaseCommand):
    help = (
        "Sichert Inhalte, Konten und alle hochgeladenen Dateien (öffentliche und private "
        "Ablage) in einen neuen Ordner, mit Prüfsummen (manifest.json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="Zielordner (neu oder leer)")

    def handle(self, *args, folder, **options):
        create_backup(folder, backup_storages(), stdout=self.stdout)
