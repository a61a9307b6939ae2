"""Backup and restore of the portal's content through Django only.

A backup is a folder:

    manifest.json   format, time, row counts per model, name/size/sha256 of every file
    data.xml        dumpdata of the content apps and the accounts (natural keys)
    files/<storage>/<name>   every file of each storage, read through the storage API

Files are read and written only with ``listdir``/``open``/``save`` of Django's storage API,
so the same code works with local folders and with object storage. Restore goes only into
an empty database (after ``migrate``) and empty storages; it checks every checksum before
and after writing.
"""

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

FORMAT = 1
# XML, not JSON: Django's JSON encoder cuts datetimes to milliseconds; XML keeps them whole.
DATA_FILE = "data.xml"
MANIFEST_FILE = "manifest.json"
FILES_FOLDER = "files"
# Content apps, their versions (the history, and what keeps replaced files from
# purge_unused_files) and accounts. Not included: contenttypes and permissions (made by
# migrate), sessions, django-axes' login attempts and logs.
APP_LABELS = ["partners", "press", "contact", "pages", "reversion", "auth", "admin"]
EXCLUDED_MODELS = ["auth.permission"]
CHUNK = 1024 * 1024


def backup_models():
    excluded = set(EXCLUDED_MODELS)
    return [
        model
        for label in APP_LABELS
        for model in apps.get_app_config(label).get_models()
        if model._meta.label_lower not in excluded
    ]


def _sha256_of(handle):
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _sha256_path(path):
    with open(path, "rb") as handle:
        return _sha256_of(handle)


def storage_files(storage, folder=""):
    """Every file name in ``storage`` (recursively, sorted); none if the root is missing."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{name}" if folder else name for name in sorted(files)]
    for sub in sorted(folders):
        names += storage_files(storage, f"{folder}/{sub}" if folder else sub)
    return names


def _safe_target(root, name):
    target = (root / name).resolve()
    if not target.is_relative_to(root.resolve()):
        raise CommandError(f"Unzulässiger Dateiname im Backup: {name!r}")
    return target


def create_backup(folder, storages, stdout=None):
    """Write a backup of the database and of ``storages`` ({"media": storage, …})."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise CommandError(
            f"Der Ordner {folder} ist nicht leer; bitte einen neuen Ordner angeben."
        )
    folder.mkdir(parents=True, exist_ok=True)
    models = backup_models()
    with transaction.atomic():  # one consistent snapshot (PostgreSQL: repeatable within)
        call_command(
            "dumpdata",
            *[model._meta.label for model in models],
            natural_foreign=True,
            natural_primary=True,
            format="xml",
            output=str(folder / DATA_FILE),
            verbosity=0,
        )
        counts = {model._meta.label_lower: model._default_manager.count() for model in models}
    files = {}
    for storage_name, storage in storages.items():
        entries = []
        for name in storage_files(storage):
            target = _safe_target(folder / FILES_FOLDER / storage_name, name)
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            size = 0
            with storage.open(name, "rb") as source, open(target, "wb") as copy:
                for chunk in iter(lambda source=source: source.read(CHUNK), b""):
                    digest.update(chunk)
                    copy.write(chunk)
                    size += len(chunk)
            entries.append({"name": name, "size": size, "sha256": digest.hexdigest()})
        files[storage_name] = entries
    data_sha, _ = _sha256_path(folder / DATA_FILE)
    manifest = {
        "format": FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "data": {"file": DATA_FILE, "sha256": data_sha, "counts": counts},
        "files": files,
    }
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    if stdout:
        total = sum(len(entries) for entries in files.values())
        stdout.write(f"Backup in {folder}: {sum(counts.values())} Datensätze, {total} Dateien.")
    return manifest


def read_manifest(folder):
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text())
    except FileNotFoundError as error:
        raise CommandError(f"{folder} ist kein Backup: {MANIFEST_FILE} fehlt.") from error
    if manifest.get("format") != FORMAT:
        raise CommandError(f"Unbekanntes Backup-Format {manifest.get('format')!r}.")
    return manifest


def verify_backup(folder, manifest, storage_names):
    """Every checksum in the manifest matches the files in the backup folder."""
    folder = Path(folder)
    problems = []
    if _sha256_path(folder / DATA_FILE)[0] != manifest["data"]["sha256"]:
        problems.append(DATA_FILE)
    for storage_name, entries in manifest["files"].items():
        if storage_name not in storage_names:
            problems.append(f"Ablage {storage_name!r} ist hier nicht eingerichtet")
            continue
        for entry in entries:
            path = _safe_target(folder / FILES_FOLDER / storage_name, entry["name"])
            if not path.is_file() or _sha256_path(path)[0] != entry["sha256"]:
                problems.append(f"{storage_name}/{entry['name']}")
    if problems:
        raise CommandError("Backup beschädigt oder unvollständig: " + ", ".join(problems))


def check_empty(storages):
    not_empty = [
        f"{model._meta.label} ({model._default_manager.count()})"
        for model in backup_models()
        if model._default_manager.exists()
    ]
    if not_empty:
        raise CommandError(
            "Die Datenbank ist nicht leer: "
            + ", ".join(not_empty)
            + ". Wiederherstellen nur in eine leere Datenbank (neu anlegen, dann "
            "`manage.py migrate`)."
        )
    for storage_name, storage in storages.items():
        files = storage_files(storage)
        if files:
            raise CommandError(
                f"Die Ablage {storage_name!r} ist nicht leer ({len(files)} Dateien, z. B. "
                f"{files[0]}). Wiederherstellen nur in leere Ablagen."
            )


def restore_backup(folder, storages, stdout=None):
    """Load a backup into an empty database and empty storages; verify every file."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    verify_backup(folder, manifest, storages)
    check_empty(storages)
    written = []
    try:
        with transaction.atomic():
            call_command("loaddata", str(folder / DATA_FILE), verbosity=0)
            for storage_name, entries in manifest["files"].items():
                storage = storages[storage_name]
                for entry in entries:
                    path = folder / FILES_FOLDER / storage_name / entry["name"]
                    with open(path, "rb") as handle:
                        saved = storage.save(entry["name"], File(handle, name=entry["name"]))
                    written.append((storage, saved))
                    if saved != entry["name"]:
                        raise CommandError(
                            f"{storage_name}/{entry['name']} wurde als {saved} gespeichert."
                        )
                    with storage.open(saved, "rb") as handle:
                        if _sha256_of(handle)[0] != entry["sha256"]:
                            raise CommandError(f"Prüfsumme falsch nach dem Schreiben: {saved}")
    except BaseException:
        for storage, name in written:  # the database rolled back; the files go too
            storage.delete(name)
        raise
    if stdout:
        total = sum(len(entries) for entries in manifest["files"].values())
        rows = sum(manifest["data"]["counts"].values())
        stdout.write(f"Wiederhergestellt aus {folder}: {rows} Datensätze, {total} Dateien.")
    return manifest
