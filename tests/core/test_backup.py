"""manage.py backup / restore: the whole database and both storages, byte for byte; every
row comes back under its own id.

Rows are compared by content: references to content types and permissions (which
``migrate`` and ``flush`` make anew, under new ids) are compared by their natural keys.
"""

import datetime
import io
import json
import sys
from importlib import import_module
from pathlib import Path

import pytest
import reversion
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from reversion.models import Version

from contact.models import ContactMessage, PartnerRequest
from contact.storage import private_storage
from core.backup import (
    CACHE_TABLES,
    EXCLUDED_APPS,
    EXCLUDED_MODELS,
    SEEDED_BY_MIGRATIONS,
    backup_models,
    database_counts,
    storage_files,
)
from links.models import CheckedLink, LinkUse, Result
from measures.models import FieldOfAction, Measure, MeasureFigure, ReportingCall, ReportingLink
from partners.models import Partner, Photo
from press.models import PressItem
from previews.models import PreviewLink
from tests.core.test_versioned_files import first_version, post_change, restore
from tests.helpers import PDF_BYTES, image_bytes
from tests.public_pages import FIXTURES


@pytest.fixture(autouse=True)
def storages_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PHOTO_RENDITION_WIDTHS = [480]


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (640, 400), (200, 40, 90)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


@pytest.fixture
def content(make_partner):
    first, second = make_partner(), make_partner(is_published=False)
    Photo.objects.create(
        partner=first,
        image=ContentFile(_jpeg(), name="foto.jpg"),
        alt_text="Unterzeichnung im Rathaus",
        credit="Stadt Beispiel",
    )
    item = PressItem.objects.create(
        kind="release", title="Neue Partner", slug="neue-partner", body="Text.", is_published=True
    )
    item.partners.add(first, second)
    _partner_request(first.categories.get())
    ContactMessage.objects.create(
        name="Max", email="max@example.org", subject="Frage", message="?"
    )
    editor = User.objects.create_user("redaktion", "r@example.org", "pw-1234-lang")
    editor.groups.add(Group.objects.create(name="Redaktion"))


def _partner_request(category):
    return PartnerRequest.objects.create(
        organisation="Verein Vielfalt e. V.",
        category=category,
        city="Münster",
        region="muenster",
        website="https://verein.example",
        contact_name="Erika Mustermann",
        contact_role="Vorsitzende",
        email="erika@verein.example",
        measures="Fortbildungen.",
        message="Wir möchten mitmachen.",
        attachment=ContentFile(PDF_BYTES, name="konzept.pdf"),
    )


def _files():
    state = {}
    for name, storage in {"media": default_storage, "private": private_storage}.items():
        for file_name in storage_files(storage):
            with storage.open(file_name, "rb") as handle:
                state[f"{name}/{file_name}"] = handle.read()
    return state


def _wipe_storages():
    for storage in (default_storage, private_storage):
        for name in storage_files(storage):
            storage.delete(name)


# flush cannot run inside the test's transaction on PostgreSQL (deferred constraints).
@pytest.mark.django_db(transaction=True)
def test_backup_flush_restore_gives_everything_back(content, tmp_path):
    database, files = database_content(), _files()
    assert any(name.startswith("private/contact/requests/") for name in files)
    assert any(name.startswith("media/partners/photos/renditions/") for name in files)
    backup = tmp_path / "backup"

    call_command("backup", str(backup), stdout=io.StringIO())
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["data"]["counts"]["partners.partner"] == 2
    assert manifest["data"]["counts"]["contact.partnerrequest"] == 1
    assert sum(len(entries) for entries in manifest["files"].values()) == len(files)
    assert "axes.accessattempt" not in manifest["data"]["counts"]

    call_command("flush", interactive=False, verbosity=0)
    _wipe_storages()
    assert Partner.objects.count() == 0 and _files() == {}

    output = io.StringIO()
    call_command("restore", str(backup), stdout=output)
    assert "Wiederhergestellt" in output.getvalue()
    assert differences(database, database_content()) == []
    assert _files() == files


@pytest.mark.django_db
def test_restore_refuses_a_database_with_content(content, tmp_path):
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Die Datenbank ist nicht leer"):
        call_command("restore", str(tmp_path / "backup"))


# flush cannot run inside the test's transaction on PostgreSQL (deferred constraints).
@pytest.mark.django_db(transaction=True)
def test_restore_refuses_storages_with_files(content, tmp_path):
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="Die Ablage 'media' ist nicht leer"):
        call_command("restore", str(tmp_path / "backup"))
    assert Partner.objects.count() == 0


# flush cannot run inside the test's transaction on PostgreSQL (deferred constraints).
@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_is_written(content, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=io.StringIO())
    call_command("flush", interactive=False, verbosity=0)
    _wipe_storages()
    attachment = next((backup / "files" / "private").rglob("*.pdf"))
    attachment.write_bytes(b"%PDF-1.4 changed")
    with pytest.raises(CommandError, match="Backup beschädigt"):
        call_command("restore", str(backup))
    assert Partner.objects.count() == 0
    assert _files() == {}


@pytest.mark.django_db
def test_backup_refuses_a_folder_with_files(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "manifest.json").write_text("{}")
    with pytest.raises(CommandError, match="nicht leer"):
        call_command("backup", str(tmp_path / "old"))


def _model_tables(models):
    tables = set()
    for model in models:
        tables.add(model._meta.db_table)
        tables.update(field.m2m_db_table() for field in model._meta.local_many_to_many)
    return tables


@pytest.mark.django_db
def test_every_table_is_backed_up_or_deliberately_left_out():
    """A new app, model or table without a model fails here until it is in the backup
    (automatically, for models) or named in an exclusion list with its reason."""
    assert EXCLUDED_APPS <= {config.label for config in apps.get_app_configs()}
    left_out = [
        model
        for model in apps.get_models()
        if model._meta.app_label in EXCLUDED_APPS or model._meta.label_lower in EXCLUDED_MODELS
    ]
    accounted = (
        _model_tables(backup_models())
        | _model_tables(left_out)
        | set(CACHE_TABLES)
        | {"django_migrations"}
    )
    assert set(connection.introspection.table_names()) - accounted == set()
    project_apps = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR)
        and not Path(config.path).is_relative_to(sys.prefix)
    }
    assert {"core", "measures", "links", "previews"} <= project_apps
    assert project_apps.isdisjoint(EXCLUDED_APPS)
    assert {"measures.measure", "links.checkedlink", "previews.previewlink"} <= {
        model._meta.label_lower for model in backup_models()
    }


@pytest.mark.django_db
def test_a_freshly_migrated_database_holds_only_the_rows_restore_replaces():
    """restore goes into a database right after `migrate`: only the rows data migrations
    create may be there, and restore replaces exactly those."""
    counts, table_counts = database_counts()
    assert {label for label, count in counts.items() if count} == SEEDED_BY_MIGRATIONS
    assert set(table_counts.values()) == {0}


def _natural(model):
    return {obj.pk: obj.natural_key() for obj in model.objects.all()}


def database_content():
    """Every row of every backed-up model and table, by content."""
    by_natural_key = {ContentType: _natural(ContentType), Permission: _natural(Permission)}

    def rows(model, fields, with_pk=True):
        result = []
        for row in model._default_manager.order_by("pk").values_list("pk", *fields):
            values = dict(zip(fields, row[1:], strict=True))
            for field in model._meta.concrete_fields:
                target = field.related_model
                if target in by_natural_key and values.get(field.attname) is not None:
                    values[field.attname] = by_natural_key[target][values[field.attname]]
            result.append((row[0], values) if with_pk else values)
        return result

    content = {}
    for model in backup_models():
        content[model._meta.label_lower] = rows(
            model, [field.attname for field in model._meta.concrete_fields]
        )
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            # The link rows' own ids are not content; which rows they connect is.
            names = [f.attname for f in through._meta.concrete_fields if not f.primary_key]
            content[through._meta.label_lower] = sorted(
                rows(through, names, with_pk=False), key=repr
            )
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in CACHE_TABLES:
            cursor.execute(
                f"SELECT {quote('cache_key')}, {quote('value')} FROM {quote(table)} "
                f"ORDER BY {quote('cache_key')}"
            )
            content[table] = cursor.fetchall()
    return content


def differences(before, after):
    """What a restore changed, row by row and field by field (empty if nothing)."""
    changed = []
    for label in sorted(before.keys() | after.keys()):
        old, new = before.get(label), after.get(label)
        if old == new:
            continue
        if old and new and len(old) == len(new) and isinstance(old[0], tuple):
            for (pk, row), (_pk, restored) in zip(old, new, strict=True):
                changed += [
                    (label, pk, name, value, restored.get(name))
                    for name, value in row.items()
                    if restored.get(name) != value
                ]
        else:
            changed.append((label, old, new))
    return changed


def create_rows_of_data_migrations():
    import_module("measures.migrations.0002_initial_fields_of_action").create(apps, None)


def migrated_database():
    """The database and storages as a new installation has them after `migrate`: empty but
    for the rows the data migrations create (flush leaves the counters' table)."""
    call_command("flush", interactive=False, verbosity=0)
    caches[settings.COUNTER_CACHE_ALIAS].clear()
    create_rows_of_data_migrations()
    _wipe_storages()


def back_up_and_restore(tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=io.StringIO())
    migrated_database()
    output = io.StringIO()
    call_command("restore", str(backup), stdout=output)
    assert "Wiederhergestellt" in output.getvalue()
    return backup


@pytest.fixture
def whole_portal(transactional_db, admin_user):
    """The seed and one of each kind of row the portal keeps, with gaps in the ids."""
    # An earlier test's flush removed the rows of the data migrations and left its counters.
    caches[settings.COUNTER_CACHE_ALIAS].clear()
    create_rows_of_data_migrations()
    call_command("loaddata", *FIXTURES, verbosity=0)
    FieldOfAction.objects.get(slug="vernetzung").delete()
    field = FieldOfAction.objects.create(name="Gesundheit", slug="gesundheit", order=9)
    User.objects.create_user("gegangen", "g@example.org", "x").delete()
    editor = User.objects.create_user("redakteurin", "r@ministerium.example", "pw", is_staff=True)
    editor.groups.add(Group.objects.create(name="Redaktion"))
    editor.user_permissions.add(Permission.objects.get(codename="change_measure"))
    partner = Partner.objects.get(slug=Partner.objects.order_by("pk").first().slug)
    Photo.objects.create(
        partner=partner,
        image=ContentFile(image_bytes("JPEG", size=(640, 400)), name="foto.jpg"),
        alt_text="Unterzeichnung",
        credit="MAIS NRW",
    )
    _partner_request(partner.categories.first())
    # XML (the earlier format) stripped the ends of texts and cannot hold control characters.
    ContactMessage.objects.create(
        name=" Max ", email="max@example.org", subject="Frage", message="Zeile 1\n\x0bZeile 2\n"
    )
    with reversion.create_revision():
        reversion.set_user(editor)
        measure = Measure.objects.create(
            partner=partner,
            field_of_action=field,
            title="Mentoring für Auszubildende",
            slug="mentoring",
            description="Kolleginnen begleiten.",
            is_published=True,
        )
        for order, (label, value) in enumerate([("Beschäftigte", 40), ("Kurse", 3)]):
            MeasureFigure.objects.create(measure=measure, label=label, value=value, order=order)
    link, _token = ReportingLink.objects.create_for(partner, "bericht@stadt.example", editor)
    proposal = {"title": "Vorschlag", "slug": "vorschlag", "description": "Neu."}
    Measure.objects.create(partner=partner, field_of_action=field, proposed_via=link, **proposal)
    ReportingCall.objects.create(created_by=editor, link_count=1)
    checked = CheckedLink.objects.create(
        url="https://stadt.example/vielfalt",
        result=Result.BROKEN,
        status_code=404,
        redirects=[{"url": "https://stadt.example/alt", "status": 301}],
        last_checked=timezone.now(),
        first_failed=timezone.now() - datetime.timedelta(days=3),
        consecutive_failures=2,
    )
    LinkUse.objects.create(
        link=checked,
        content_type=ContentType.objects.get_for_model(Measure),
        object_id=measure.pk,
        object_label=measure.title,
        source="measures.measure.link",
    )
    PreviewLink.objects.create(
        content_type=ContentType.objects.get_for_model(Measure),
        object_id=measure.pk,
        created_by=editor,
    )
    LogEntry.objects.log_actions(editor.pk, [measure], ADDITION, change_message="angelegt")
    counters = caches[settings.COUNTER_CACHE_ALIAS]
    counters.add("rl:kontakt:probe", 1, timeout=3600)
    counters.incr("rl:kontakt:probe")
    return measure


# flush cannot run inside the test's transaction on PostgreSQL (deferred constraints).
@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_give_back_every_row_and_file(whole_portal, tmp_path):
    content, files = database_content(), _files()
    kinds = [
        "measures.measure",
        "measures.measurefigure",
        "measures.reportinglink",
        "measures.reportingcall",
        "links.checkedlink",
        "links.linkuse",
        "previews.previewlink",
        "reversion.version",
        "partners.partner",
        "pages.page",
        "auth.user_user_permissions",
        CACHE_TABLES[0],
    ]
    assert [kind for kind in kinds if not content[kind]] == []
    assert any(name.startswith("private/") for name in files)
    assert any(name.startswith("media/partners/photos/") for name in files)

    backup = back_up_and_restore(tmp_path)

    assert differences(content, database_content()) == []
    assert _files() == files
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["tables"]["counts"] == {CACHE_TABLES[0]: 1}
    assert caches[settings.COUNTER_CACHE_ALIAS].get("rl:kontakt:probe") == 2
    # Ids continue after the restored ones (PostgreSQL's sequences were set by loaddata).
    new = FieldOfAction.objects.create(name="Sport", slug="sport")
    assert new.pk > max(pk for pk, _row in content["measures.fieldofaction"])
    User.objects.create_user("neu", "n@example.org", "x")


# flush cannot run inside the test's transaction on PostgreSQL (deferred constraints).
@pytest.mark.django_db(transaction=True)
def test_a_restored_measure_keeps_its_id_and_its_history_restores_it(
    whole_portal, admin_client, admin_user, tmp_path
):
    measure = whole_portal
    url = reverse("admin:measures_measure_change", args=[measure.pk])
    post_change(
        admin_client,
        url,
        title="Umbenannt",
        field_of_action=str(FieldOfAction.objects.get(slug="ausbildung").pk),
        **{"figures-0-value": "41"},
    )

    back_up_and_restore(tmp_path)

    measure.refresh_from_db()
    assert measure.title == "Umbenannt"
    assert {v.object_id for v in Version.objects.get_for_model(Measure)} == {str(measure.pk)}
    assert PreviewLink.objects.get().content_object == measure
    assert LinkUse.objects.get().admin_url() == url

    admin_client.force_login(User.objects.get(pk=admin_user.pk))  # sessions are not kept
    history = admin_client.get(reverse("admin:measures_measure_history", args=[measure.pk]))
    assert history.status_code == 200
    assert (
        history.content.decode().count(
            reverse("admin:measures_measure_revision", args=[measure.pk, 0])[:-2]
        )
        == 2
    )
    restore(admin_client, "measures_measure", measure, first_version(measure))
    measure.refresh_from_db()
    assert measure.title.startswith("Mentoring für Auszubildende")
    assert measure.field_of_action.slug == "gesundheit"
    assert list(measure.figures.values_list("label", "value")) == [
        ("Beschäftigte", 40),
        ("Kurse", 3),
    ]


# flush cannot run inside the test's transaction on PostgreSQL (deferred constraints).
@pytest.mark.django_db(transaction=True)
def test_a_backup_of_the_first_format_is_restored(whole_portal, tmp_path):
    """Backups made before tables.json existed: everything but the counters."""
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=io.StringIO())
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["format"] = 1
    del manifest["tables"]
    (backup / "manifest.json").write_text(json.dumps(manifest))
    (backup / "tables.json").unlink()
    content = database_content()
    migrated_database()

    call_command("restore", str(backup), stdout=io.StringIO())
    restored = database_content()
    assert restored.pop(CACHE_TABLES[0]) == []
    content.pop(CACHE_TABLES[0])
    assert differences(content, restored) == []


# flush cannot run inside the test's transaction on PostgreSQL (deferred constraints).
@pytest.mark.django_db(transaction=True)
def test_restore_replaces_counters_but_refuses_more_than_migrate_made(whole_portal, tmp_path):
    backup = tmp_path / "backup"
    call_command("backup", str(backup), stdout=io.StringIO())
    migrated_database()
    Group.objects.create(name="Neu")
    with pytest.raises(CommandError, match=r"nicht leer: auth.Group \(1\)\. "):
        call_command("restore", str(backup))
    assert Measure.objects.count() == 0 and FieldOfAction.objects.count() == 7

    Group.objects.all().delete()
    counters = caches[settings.COUNTER_CACHE_ALIAS]
    counters.add("rl:kontakt:seit-migrate", 1)
    call_command("restore", str(backup), stdout=io.StringIO())
    assert counters.get("rl:kontakt:seit-migrate") is None
    assert counters.get("rl:kontakt:probe") == 2
