"""Press items keep their history like partners: edits, actions and restores are versions."""

from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from press.models import PressRelease
from tests.helpers import admin_form_data


def test_a_press_release_is_restored_with_its_common_fields(admin_client, make_release):
    release = make_release(title="Alter Titel", teaser="Alter Vorspann.")
    call_command("createinitialrevisions", "press.PressRelease", comment="Ausgangsfassung")
    url = reverse("admin:press_pressrelease_change", args=[release.pk])
    data = admin_form_data(admin_client.get(url))
    data.update(title="Neuer Titel", teaser="Neuer Vorspann.")
    assert admin_client.post(url, data).status_code == 302
    newest, initial = Version.objects.get_for_object(release)
    # The title lives in the parent table (PressItem): the version follows it.
    parent = newest.revision.version_set.get(content_type__model="pressitem")
    assert parent.field_dict["title"] == "Neuer Titel"
    assert "Titel" in newest.revision.get_comment()

    revision = reverse("admin:press_pressrelease_revision", args=[release.pk, initial.pk])
    assert (
        admin_client.post(revision, admin_form_data(admin_client.get(revision))).status_code == 302
    )

    release = PressRelease.objects.get(pk=release.pk)
    assert (release.title, release.teaser) == ("Alter Titel", "Alter Vorspann.")
    assert Version.objects.get_for_object(release).count() == 3


def test_approving_a_press_item_is_a_version(admin_client, admin_user, make_notice, settings):
    settings.WORKFLOW_SELF_APPROVAL = True
    notice = make_notice(is_published=False)
    changelist = reverse("admin:press_eventnotice_changelist")
    for action in ("submit_for_approval", "approve"):
        admin_client.post(changelist, {"action": action, "_selected_action": [notice.pk]})
    version = Version.objects.get_for_object(notice).first()
    assert version.revision.user == admin_user
    assert version.revision.comment == "Aktion: Freigeben und veröffentlichen"
    parent = version.revision.version_set.get(content_type__model="pressitem")
    assert parent.field_dict["is_published"] is True
