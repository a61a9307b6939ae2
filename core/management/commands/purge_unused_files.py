from datetime import timedelta

import reversion
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.backup import storage_files
from core.images import original_stem
from core.uploads import RandomFileName
from core.versions import file_fields, files_in_versions


def upload_folders_and_names():
    """The folders uploads to the public media storage go to, and every name that a row
    or a kept version gives a file there."""
    folders, names = set(), set()
    for model in apps.get_models():
        fields = [
            field
            for field in file_fields(model)
            if field.storage is default_storage and isinstance(field.upload_to, RandomFileName)
        ]
        if not fields:
            continue
        folders.update(field.upload_to.folder for field in fields)
        for field in fields:
            names.update(model._base_manager.values_list(field.attname, flat=True))
        if reversion.is_registered(model):
            names.update(files_in_versions(model, fields))
    names.discard("")
    names.discard(None)
    return folders, names


class Command(BaseCommand):
    help = (
        "Löscht hochgeladene Dateien der öffentlichen Ablage (mit ihren Bildvarianten), die "
        "weder ein Eintrag noch eine aufbewahrte Version nennt und die älter als die "
        "Karenzzeit sind."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Nur auflisten, nichts löschen."
        )
        parser.add_argument(
            "--grace-hours",
            type=int,
            default=24,
            help="Dateien, die jünger sind, bleiben (Standard: 24 Stunden).",
        )

    def handle(self, *args, dry_run=False, grace_hours=24, verbosity=1, **options):
        # Listed after the references are read: a file uploaded meanwhile is younger than
        # the grace period, and one a version still names is never among the candidates.
        folders, names = upload_folders_and_names()
        kept = {original_stem(name) for name in names}
        cutoff = timezone.now() - timedelta(hours=max(grace_hours, 0))
        unused = [
            name
            for folder in sorted(folders)
            for name in storage_files(default_storage, folder)
            if original_stem(name) not in kept
            and default_storage.get_modified_time(name) <= cutoff
        ]
        for name in unused:
            if dry_run or verbosity > 1:
                self.stdout.write(name)
            if not dry_run:
                default_storage.delete(name)
        if dry_run:
            self.stdout.write(f"Probelauf: {len(unused)} nicht mehr verwendete Datei(en).")
        else:
            self.stdout.write(f"Nicht mehr verwendete Dateien gelöscht: {len(unused)}.")
