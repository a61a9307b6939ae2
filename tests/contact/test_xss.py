"""Nothing a user typed is ever rendered as HTML: in the page, in the admin, in e-mails."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from contact.models import ContactMessage, PartnerRequest

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
PAYLOAD = f"{SCRIPT}{IMG}"
RAW = ["<script>alert(1)", "<img src=x onerror"]


def _assert_no_raw_payload(html):
    for raw in RAW:
        assert raw not in html


@pytest.fixture
def payload_request(client, request_data, django_capture_on_commit_callbacks):
    data = request_data(
        organisation=PAYLOAD,
        city=PAYLOAD,
        contact_name=PAYLOAD,
        contact_role=PAYLOAD,
        measures=PAYLOAD,
        message=PAYLOAD,
        website=f"https://example.org/?q={SCRIPT}",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contact:partner_request"), data)
    assert response.status_code == 302
    return PartnerRequest.objects.get()


@pytest.fixture
def payload_message(client, message_data, django_capture_on_commit_callbacks):
    data = message_data(name=PAYLOAD, subject=PAYLOAD, message=PAYLOAD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contact:contact_message"), data)
    assert response.status_code == 302
    return ContactMessage.objects.get()


def test_payload_in_every_request_field_is_escaped_when_the_form_comes_back(client, request_data):
    fields = [
        "organisation",
        "category",
        "city",
        "region",
        "website",
        "contact_name",
        "contact_role",
        "email",
        "phone",
        "measures",
        "message",
        "homepage",
    ]
    response = client.post(
        reverse("contact:partner_request"), request_data(**dict.fromkeys(fields, PAYLOAD))
    )
    html = response.content.decode()
    assert response.status_code == 200
    _assert_no_raw_payload(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_payload_in_every_contact_field_is_escaped_when_the_form_comes_back(client, message_data):
    fields = ["name", "email", "subject", "message", "homepage", "form_token"]
    response = client.post(
        reverse("contact:contact_message"), message_data(**dict.fromkeys(fields, PAYLOAD))
    )
    _assert_no_raw_payload(response.content.decode())


def test_payload_is_escaped_in_the_request_admin(admin_client, payload_request):
    assert payload_request.organisation == PAYLOAD  # stored as typed
    for url in [
        reverse("admin:contact_partnerrequest_changelist"),
        reverse("admin:contact_partnerrequest_change", args=[payload_request.pk]),
    ]:
        html = admin_client.get(url).content.decode()
        _assert_no_raw_payload(html)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_payload_is_escaped_in_the_partner_draft_and_its_admin(
    admin_client, client, payload_request
):
    partner = payload_request.create_partner_draft()
    html = admin_client.get(
        reverse("admin:partners_partner_change", args=[partner.pk])
    ).content.decode()
    _assert_no_raw_payload(html)
    partner.is_published = True
    partner.save()
    _assert_no_raw_payload(client.get(partner.get_absolute_url()).content.decode())


def test_payload_is_escaped_in_the_message_admin(admin_client, payload_message):
    for url in [
        reverse("admin:contact_contactmessage_changelist"),
        reverse("admin:contact_contactmessage_change", args=[payload_message.pk]),
    ]:
        _assert_no_raw_payload(admin_client.get(url).content.decode())


def test_payload_stays_literal_in_plain_text_mail(payload_request, payload_message):
    call_command("send_pending_notifications")
    staff_mails = [m for m in mail.outbox if m.to == ["team@ministerium.example"]]
    assert len(staff_mails) == 2
    for sent in staff_mails:
        assert PAYLOAD in sent.body  # literal text, neither escaped nor interpreted
        assert "&lt;" not in sent.body
        assert sent.content_subtype == "plain"
        assert not getattr(sent, "alternatives", None)
        assert "\n" not in sent.subject
