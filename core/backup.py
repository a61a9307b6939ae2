"""Backup and restore of the portal's content through Django only.

A backup is a folder:

    manifest.json   format, time, rows per model and table, name/size/sha256 of every file
    data.jsonl      dumpdata of every app with models except those excluded below
    tables.json     the rows of tables without a model (the counters of core.counters)
    files/<storage>/<name>   every file of each storage, read through the storage API

Every row keeps its primary key: versions (django-reversion), preview links, link uses and
notifications name their objects by content type and id, as does the admin's log. References use
natural keys where the model has one, which content types and permissions need: ``migrate``
makes those anew, under other ids.

Files are read and written only with ``listdir``/``open``/``save`` of Django's storage API,
so the same code works with local folders and with object storage. Restore goes only into
an empty database (just after ``migrate``) and empty storages; it checks every checksum
before and after writing and the number of rows after loading.
"""

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, models, transaction

from core.counters import TABLE as COUNTERS_TABLE

FORMAT = 2
#: Backups this code restores: format 1 had data.xml (texts lost the whitespace at their
#: ends), no tables.json, and no ids of users, groups and fields of action (natural primary keys).
READABLE_FORMATS = {1, 2}
# JSON Lines with whole timestamps (core.serializers); loaddata reads it as "jsonl".
DATA_FILE = "data.jsonl"
MANIFEST_FILE = "manifest.json"
TABLES_FILE = "tables.json"
FILES_FOLDER = "files"
# A backup holds every installed app with models except these, so that a new app or model
# is in the next backup without anyone remembering to add it here.
EXCLUDED_APPS = {
    # Made by `migrate` in the target database; rows that refer to them use natural keys.
    "contenttypes",
    # Logins are not restored: a backup is kept for a long time, and its session keys would
    # let whoever reads it act as a logged-in editor. After a restore everybody logs in again.
    "sessions",
    # django-axes' failed logins, lockouts and access logs: short-lived security state with
    # IP addresses; restored, they would lock people out again or outlive their deletion period.
    "axes",
}
EXCLUDED_MODELS = {
    "auth.permission",  # made by `migrate` like the content types
}
# Tables without a model, in the layout of Django's database cache: the counters of the
# forms' rate limit and the used single-use form tokens (core.counters), so that a restore
# neither resets a limit nor lets a form be sent twice. Restore replaces what they hold (a
# server may have counted a request since `migrate`); `flush` does not empty them.
CACHE_TABLES = [COUNTERS_TABLE]
# Rows `migrate` itself creates (data migrations). A freshly migrated database has these and
# nothing else; restore replaces them with the backup's rows.
SEEDED_BY_MIGRATIONS = {"measures.fieldofaction"}
CHUNK = 1024 * 1024


def backup_models():
    """The concrete models a backup holds, derived from the installed apps."""
    return [
        model
        for config in apps.get_app_configs()
        if config.label not in EXCLUDED_APPS
        for model in config.get_models()
        if model._meta.label_lower not in EXCLUDED_MODELS
        and not model._meta.proxy
        and model._meta.managed
    ]


def _table_rows(table):
    """A cache table's rows in key order, with the expiry as an ISO timestamp."""
    quote = connection.ops.quote_name
    expiry = models.Expression(output_field=models.DateTimeField())
    converters = connection.ops.get_db_converters(expiry) + expiry.get_db_converters(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('cache_key')}, {quote('value')}, {quote('expires')} "
            f"FROM {quote(table)} ORDER BY {quote('cache_key')}"
        )
        rows = cursor.fetchall()
    result = []
    for key, value, expires in rows:
        for converter in converters:
            expires = converter(expires, expiry, connection)
        result.append([key, value, expires.isoformat()])
    return result


def _replace_table_rows(table, rows):
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(table)} ({quote('cache_key')}, {quote('value')}, "
        f"{quote('expires')}) VALUES (%s, %s, %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {quote(table)}")
        cursor.executemany(
            sql,
            [
                [key, value, connection.ops.adapt_datetimefield_value(datetime.fromisoformat(at))]
                for key, value, at in rows
            ],
        )


def _table_count(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0]


def database_counts():
    """Rows per backed-up model and per cache table, as the manifest records them."""
    counts = {model._meta.label_lower: model._default_manager.count() for model in backup_models()}
    return counts, {table: _table_count(table) for table in CACHE_TABLES}


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
    with transaction.atomic():  # one consistent snapshot (PostgreSQL: repeatable within)
        call_command(
            "dumpdata",
            *[model._meta.label for model in backup_models()],
            natural_foreign=True,  # content types and permissions: made anew by migrate
            format="exactjsonl",
            output=str(folder / DATA_FILE),
            verbosity=0,
        )
        tables = {table: _table_rows(table) for table in CACHE_TABLES}
        counts, _ = database_counts()
    (folder / TABLES_FILE).write_text(json.dumps(tables, indent=1))
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
    manifest = {
        "format": FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "data": {
            "file": DATA_FILE,
            "sha256": _sha256_path(folder / DATA_FILE)[0],
            "counts": counts,
        },
        "tables": {
            "file": TABLES_FILE,
            "sha256": _sha256_path(folder / TABLES_FILE)[0],
            "counts": {table: len(rows) for table, rows in tables.items()},
        },
        "files": files,
    }
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    if stdout:
        total = sum(len(entries) for entries in files.values())
        rows = sum(counts.values()) + sum(manifest["tables"]["counts"].values())
        stdout.write(f"Backup in {folder}: {rows} Datensätze, {total} Dateien.")
    return manifest


def read_manifest(folder):
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST_FILE).read_text())
    except FileNotFoundError as error:
        raise CommandError(f"{folder} ist kein Backup: {MANIFEST_FILE} fehlt.") from error
    if manifest.get("format") not in READABLE_FORMATS:
        raise CommandError(f"Unbekanntes Backup-Format {manifest.get('format')!r}.")
    return manifest


def verify_backup(folder, manifest, storage_names):
    """Every checksum in the manifest matches the files in the backup folder."""
    folder = Path(folder)
    problems = []
    for part in (manifest["data"], manifest.get("tables")):
        if part and _sha256_path(folder / part["file"])[0] != part["sha256"]:
            problems.append(part["file"])
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
    """Refuse unless the database holds nothing but what `migrate` made, and the storages
    hold no file."""
    counts, _ = database_counts()
    not_empty = [
        f"{apps.get_model(label)._meta.label} ({count})"
        for label, count in counts.items()
        if count and label not in SEEDED_BY_MIGRATIONS
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


def check_counts(manifest):
    """After loading: every model and table has as many rows as the backup recorded."""
    counts, table_counts = database_counts()
    expected = manifest["data"]["counts"] | manifest.get("tables", {}).get("counts", {})
    found = counts | table_counts
    wrong = [
        f"{name}: {found[name]} statt {number}"
        for name, number in sorted(expected.items())
        if name in found and found[name] != number
    ]
    if wrong:
        raise CommandError(
            "Nach dem Laden stimmt die Zahl der Datensätze nicht: " + ", ".join(wrong)
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
            for label in SEEDED_BY_MIGRATIONS & manifest["data"]["counts"].keys():
                apps.get_model(label)._default_manager.all().delete()
            call_command("loaddata", str(folder / manifest["data"]["file"]), verbosity=0)
            if "tables" in manifest:
                tables = json.loads((folder / TABLES_FILE).read_text())
                for table, rows in tables.items():
                    _replace_table_rows(table, rows)
            check_counts(manifest)
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
        rows += sum(manifest.get("tables", {}).get("counts", {}).values())
        stdout.write(f"Wiederhergestellt aus {folder}: {rows} Datensätze, {total} Dateien.")
    return manifest
