"""Request attachments and documents in S3-compatible object storage (moto on loopback)."""

import datetime
import io
import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from contact.models import Document, PartnerRequest
from core.storage import PRIVATE_CACHE_CONTROL, PUBLIC_CACHE_CONTROL
from tests.helpers import PDF_BYTES, free_port, pdf_upload
from vielfalt.settings.media import media_storages


def anonymous_get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, b""


def send_request(client, request_data, organisation):
    data = request_data(organisation=organisation)
    data["attachment"] = pdf_upload()
    assert client.post(reverse("contact:partner_request"), data).status_code == 302
    return PartnerRequest.objects.get(organisation=organisation)


def test_request_attachment_stays_private_and_leaves_with_the_purge(
    client, admin_client, request_data, s3_buckets, django_capture_on_commit_callbacks
):
    partner_request = send_request(client, request_data, "Stadt Beispielhausen")
    name = partner_request.attachment.name
    assert s3_buckets.server.keys(s3_buckets.private) == {name}
    assert s3_buckets.server.keys(s3_buckets.public) == set()
    stored = s3_buckets.client.head_object(Bucket=s3_buckets.private, Key=name)
    assert stored["ContentType"] == "application/pdf"
    assert stored["CacheControl"] == PRIVATE_CACHE_CONTROL
    # Nobody without the keys reads it, and the portal never hands out an address for it.
    status, _headers, _body = anonymous_get(
        f"{s3_buckets.server.endpoint_url}/{s3_buckets.private}/{name}"
    )
    assert status == 403
    with pytest.raises(ValueError):
        partner_request.attachment.url  # noqa: B018

    url = reverse("admin:contact_partnerrequest_attachment", args=[partner_request.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"

    PartnerRequest.objects.filter(pk=partner_request.pk).update(
        status="accepted", closed_at=timezone.now() - datetime.timedelta(days=181)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_submissions", stdout=io.StringIO())
    assert not PartnerRequest.objects.exists()
    assert s3_buckets.server.keys(s3_buckets.private) == set()


def test_public_document_is_a_download_from_the_public_bucket(db, s3_buckets):
    document = Document.objects.create(
        title="Partnerkonzept", file=ContentFile(PDF_BYTES, name="konzept.pdf")
    )
    assert document.file_size == len(PDF_BYTES)
    assert document.file.url.startswith(
        f"{s3_buckets.server.endpoint_url}/{s3_buckets.public}/contact/documents/"
    )
    status, headers, body = anonymous_get(document.file.url)
    assert (status, body) == (200, PDF_BYTES)
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == "attachment"
    assert headers["Cache-Control"] == PUBLIC_CACHE_CONTROL


def test_a_file_left_behind_by_an_unreachable_store_goes_with_a_later_purge(
    client, request_data, s3_buckets, settings, django_capture_on_commit_callbacks, caplog
):
    kept = send_request(client, request_data, "Stadt Bleibt")
    deleted = send_request(client, request_data, "Stadt Geht")
    reachable = settings.STORAGES
    settings.STORAGES = reachable | media_storages(
        "s3",
        **s3_buckets.server.settings_values(s3_buckets.public, s3_buckets.private)
        | {"endpoint_url": f"http://127.0.0.1:{free_port()}"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        deleted.delete()  # the row goes; removing the file fails, and is only logged
    assert "on_commit" in caplog.text
    settings.STORAGES = reachable
    both = {kept.attachment.name, deleted.attachment.name}
    assert s3_buckets.server.keys(s3_buckets.private) == both

    now = timezone.now()
    # A file stored a moment ago may belong to a request being saved right now.
    assert PartnerRequest.delete_orphaned_attachments(now - datetime.timedelta(minutes=5)) == 0
    assert PartnerRequest.delete_orphaned_attachments(now + datetime.timedelta(minutes=5)) == 1
    assert s3_buckets.server.keys(s3_buckets.private) == {kept.attachment.name}
