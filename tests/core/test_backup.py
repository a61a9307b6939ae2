"""manage.py backup / restore: database content and both storages, byte for byte."""

import io
import json

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from contact.models import ContactMessage, PartnerRequest
from contact.storage import private_storage
from core.backup import storage_files
from partners.models import Partner, Photo
from press.models import PressItem
from tests.helpers import PDF_BYTES


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
    PartnerRequest.objects.create(
        organisation="Verein Vielfalt e. V.",
        category=first.categories.get(),
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
    ContactMessage.objects.create(
        name="Max", email="max@example.org", subject="Frage", message="?"
    )
    editor = User.objects.create_user("redaktion", "r@example.org", "pw-1234-lang")
    editor.groups.add(Group.objects.create(name="Redaktion"))


def _database_state():
    return {
        "partners": list(Partner.objects.order_by("pk").values()),
        "photos": list(Photo.objects.order_by("pk").values()),
        "press": list(PressItem.objects.order_by("pk").values()),
        # Which press item names which partner; the link rows' own ids are not content.
        "press_partners": list(
            PressItem.partners.through.objects.order_by("pressitem_id", "partner_id").values(
                "pressitem_id", "partner_id"
            )
        ),
        "requests": list(PartnerRequest.objects.order_by("pk").values()),
        "messages": list(ContactMessage.objects.order_by("pk").values()),
        "users": list(User.objects.values("username", "email", "password", "groups__name")),
    }


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
    database, files = _database_state(), _files()
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
    assert _database_state() == database
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
