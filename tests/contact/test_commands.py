"""Retention: purge_submissions with time-shifted data."""

import datetime
import logging
import os

import pytest
from django.core.management import call_command
from django.utils import timezone

from contact.models import ContactMessage, Notification, PartnerRequest
from tests.helpers import pdf_upload

NOW = timezone.now()


def _days_ago(days):
    return NOW - datetime.timedelta(days=days)


@pytest.fixture
def submissions(category):
    """Requests and messages at both sides of the 180-day line, open and closed."""

    def request(name, status, closed_days_ago=None, created_days_ago=400, **extra):
        return PartnerRequest.objects.create(
            organisation=name,
            category=category,
            city="Ort",
            region="koeln",
            website="https://example.org",
            contact_name=f"Person {name}",
            contact_role="Leitung",
            email=f"{name.lower().replace(' ', '')}@example.org",
            measures="M",
            message="N",
            status=status,
            created_at=_days_ago(created_days_ago),
            closed_at=_days_ago(closed_days_ago) if closed_days_ago is not None else None,
            **extra,
        )

    def message(subject, status, closed_days_ago=None, created_days_ago=400):
        return ContactMessage.objects.create(
            name="Absender",
            email="absender@example.org",
            subject=subject,
            message="Text",
            status=status,
            created_at=_days_ago(created_days_ago),
            closed_at=_days_ago(closed_days_ago) if closed_days_ago is not None else None,
        )

    made = {
        "old_accepted": request("Alt angenommen", "accepted", 181, attachment=pdf_upload()),
        "old_rejected": request("Alt abgelehnt", "rejected", 200),
        "recent_rejected": request("Neu abgelehnt", "rejected", 179),
        "old_open": request("Alt offen", "in_progress"),
        "old_answered": message("Alt beantwortet", "answered", 181),
        "old_done": message("Alt erledigt", "done", 365),
        "recent_answered": message("Neu beantwortet", "answered", 10),
        "old_new": message("Alt neu", "new"),
    }
    for submission in made.values():
        submission.create_notifications()
    return made


def _remaining():
    return set(PartnerRequest.objects.values_list("organisation", flat=True)) | set(
        ContactMessage.objects.values_list("subject", flat=True)
    )


def test_purge_deletes_closed_submissions_after_the_retention_period(
    submissions, settings, django_capture_on_commit_callbacks, capsys
):
    attachment_path = settings.PRIVATE_MEDIA_ROOT / submissions["old_accepted"].attachment.name
    assert attachment_path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_submissions")
    assert _remaining() == {"Neu abgelehnt", "Alt offen", "Neu beantwortet", "Alt neu"}
    assert not attachment_path.exists()  # the file went with the row
    assert Notification.objects.count() == 8  # the purged rows' notifications went, too
    out = capsys.readouterr().out
    assert "2 Partneranfragen und 2 Kontaktnachrichten gelöscht" in out
    assert "2 offene Einträge sind älter als 180 Tage" in out


def test_purge_removes_attachments_left_without_a_request(submissions, settings, capsys):
    """A file whose removal failed when its request went (object store unreachable)."""
    folder = settings.PRIVATE_MEDIA_ROOT / "contact" / "requests"
    leftover, arriving = folder / "0a1b2c.pdf", folder / "3d4e5f.pdf"
    for path in (leftover, arriving):
        path.write_bytes(b"%PDF-1.4 personal data")
    two_days_ago = (NOW - datetime.timedelta(days=2)).timestamp()
    os.utime(leftover, (two_days_ago, two_days_ago))
    kept = settings.PRIVATE_MEDIA_ROOT / submissions["old_accepted"].attachment.name
    os.utime(kept, (two_days_ago, two_days_ago))
    submissions["old_accepted"].status = PartnerRequest.Status.IN_PROGRESS
    submissions["old_accepted"].save()

    call_command("purge_submissions", "--dry-run")
    assert leftover.exists()
    call_command("purge_submissions")
    assert not leftover.exists()
    assert arriving.exists()  # may belong to a request being saved right now
    assert kept.exists()  # its request is still there
    assert "1 verwaiste Anlagen ohne Partneranfrage gelöscht" in capsys.readouterr().out


def test_dry_run_deletes_nothing(submissions, capsys):
    call_command("purge_submissions", "--dry-run")
    assert len(_remaining()) == 8
    assert "2 Partneranfragen und 2 Kontaktnachrichten würden gelöscht" in capsys.readouterr().out


def test_retention_period_comes_from_the_setting(submissions, settings):
    settings.SUBMISSION_RETENTION_DAYS = 5
    call_command("purge_submissions")
    assert _remaining() == {"Alt offen", "Alt neu"}


def test_closing_starts_the_period_not_arrival(submissions):
    """Arrived 400 days ago, closed yesterday: kept."""
    request = submissions["old_open"]
    request.status = PartnerRequest.Status.REJECTED
    request.save()
    call_command("purge_submissions")
    assert "Alt offen" in _remaining()


def test_purge_logs_counts_only(submissions, caplog):
    with caplog.at_level(logging.INFO, logger="contact.purge"):
        call_command("purge_submissions")
    assert "2 Partneranfragen und 2 Kontaktnachrichten gelöscht" in caplog.text
    for personal in ["Alt angenommen", "altangenommen@example.org", "Person", "Alt beantwortet"]:
        assert personal not in caplog.text


def test_closed_rows_without_a_closing_date_count_from_arrival(category, submissions):
    # A bulk update (not through save()) closes without a date.
    ContactMessage.objects.filter(subject="Alt neu").update(status="done")
    call_command("purge_submissions")
    assert "Alt neu" not in _remaining()


def test_deleting_a_request_in_the_admin_removes_its_file(
    submissions, settings, django_capture_on_commit_callbacks
):
    request = submissions["old_accepted"]
    path = settings.PRIVATE_MEDIA_ROOT / request.attachment.name
    with django_capture_on_commit_callbacks(execute=True):
        request.delete()
    assert not path.exists()


def test_mails_of_no_request_go_after_the_retention_period(settings, make_partner, capsys):
    settings.SUBMISSION_RETENTION_DAYS = 30
    partner = make_partner()

    def mail(state, days):
        row = Notification.objects.create(
            kind=Notification.Kind.APPROVAL,
            item=partner,
            recipient="freigeberin@ministerium.example",
            state=state,
        )
        Notification.objects.filter(pk=row.pk).update(created_at=_days_ago(days))
        return row.pk

    old_sent = mail(Notification.State.SENT, 31)
    old_failed = mail(Notification.State.FAILED, 31)
    waiting = mail(Notification.State.PENDING, 31)
    recent = mail(Notification.State.SENT, 29)

    call_command("purge_submissions", "--dry-run")
    assert "2 E-Mails ohne Anfrage (Freigaben, persönliche Links) würden gelöscht" in (
        capsys.readouterr().out
    )
    assert Notification.objects.count() == 4

    call_command("purge_submissions")
    kept = set(Notification.objects.values_list("pk", flat=True))
    assert kept == {waiting, recent} and not kept & {old_sent, old_failed}
