"""A change to a scheduled press release waits for approval, attachments included."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import PendingChange
from core.workflow import State
from press.models import Attachment
from tests.helpers import pdf_bytes
from tests.press.test_admin import release_post

LONG = "<p>" + " ".join(f"Wort{n}" for n in range(60)) + "</p>"


def test_a_scheduled_release_with_its_attachment_changes_only_on_approval(
    client, make_release, editor, approver, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    later = timezone.localtime(timezone.now() + datetime.timedelta(days=3))
    release = make_release(title="Alt", slug="neue-partnerschaft", publish_at=later, body=LONG)
    assert release.current_state == State.SCHEDULED
    change = reverse("admin:press_pressrelease_change", args=[release.pk])
    pending = reverse("admin:press_pressrelease_pending", args=[release.pk])
    client.force_login(editor)
    upload = SimpleUploadedFile("vereinbarung.pdf", pdf_bytes(), "application/pdf")
    data = release_post(
        title="Neu",
        body=LONG.replace("Wort30", "Ersatzwort"),
        publish_at_0=later.strftime("%d.%m.%Y"),
        publish_at_1=later.strftime("%H:%M:%S"),
        **{"attachments-0-file": upload},
    )
    assert client.post(change, data).status_code == 302
    release.refresh_from_db()
    assert release.title == "Alt" and not Attachment.objects.exists()

    client.force_login(approver)
    html = client.get(pending).content.decode()
    assert "Ersatzwort" in html and "<del>" in html and "Die Vereinbarung" in html
    client.post(pending, {"decision": "approve"})
    release.refresh_from_db()
    assert (release.title, release.current_state) == ("Neu", State.SCHEDULED)
    assert release.attachments.get().title == "Die Vereinbarung"
    assert not PendingChange.objects.exists()


def test_the_change_of_a_release_is_on_the_approvers_desk(client, make_release, editor, approver):
    release = make_release(title="Alt", slug="neue-partnerschaft")
    change = reverse("admin:press_pressrelease_change", args=[release.pk])
    client.force_login(editor)
    data = release_post(title="Neu", **{"attachments-TOTAL_FORMS": "0"})
    assert client.post(change, data).status_code == 302
    client.force_login(approver)
    html = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:press_pressrelease_pending", args=[release.pk]) in html
