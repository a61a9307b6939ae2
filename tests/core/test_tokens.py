"""core.tokens: personal links whose token is a random secret, optionally signed, of
which only the hash is stored; expiry, revocation and one refusal for every bad token."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from contact.models import PartnerRequest, StatusLink
from core.tokens import MAX_TOKEN_LENGTH, SecretLink, digest, keep_private, link_refused
from previews.models import PreviewLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner_request(make_partner):
    return PartnerRequest.objects.create(
        email="a@b.example",
        organisation="Verein Token",
        city="Köln",
        region="koeln",
        website="https://token.example",
        contact_name="A",
        contact_role="B",
        measures="C",
        message="D",
    )


def _link(model, partner_request, **fields):
    link = model(partner_request=partner_request, **fields)
    token = link.new_token()
    link.save()
    return link, token


def test_a_signed_token_is_a_random_secret_and_its_signature(partner_request):
    link, token = _link(StatusLink, partner_request)
    secret = signing.Signer(salt=StatusLink.token_salt).unsign(token)
    assert len(secret) == 43
    assert link.token_hash == digest(token) and secret not in link.token_hash
    assert StatusLink.objects.from_token(token) == link
    _other, other_token = _link(StatusLink, partner_request)
    assert other_token != token


def test_an_unsigned_token_is_the_bare_secret(partner_request, monkeypatch):
    monkeypatch.setattr(StatusLink, "token_salt", "")
    link, token = _link(StatusLink, partner_request)
    assert ":" not in token and link.token_hash == digest(token)
    assert StatusLink.objects.from_token(token) == link


@pytest.mark.parametrize(
    "token",
    ["", None, 42, "x" * (MAX_TOKEN_LENGTH + 1), "kein:token", "ohne-signatur"],
)
def test_tokens_that_cannot_be_ours_have_no_hash(token):
    assert StatusLink.token_hash_for(token) is None


def test_a_new_token_replaces_the_earlier_one(partner_request):
    link, first = _link(StatusLink, partner_request)
    second = link.new_token()
    link.save()
    assert StatusLink.objects.from_token(first) is None
    assert StatusLink.objects.from_token(second) == link


def test_expired_and_revoked_links_open_nothing(partner_request):
    past = timezone.now() - datetime.timedelta(seconds=1)
    future = timezone.now() + datetime.timedelta(days=1)
    forever, forever_token = _link(StatusLink, partner_request)
    valid, valid_token = _link(StatusLink, partner_request, expires_at=future)
    _expired, expired_token = _link(StatusLink, partner_request, expires_at=past)
    revoked, revoked_token = _link(StatusLink, partner_request)
    assert StatusLink.objects.filter(pk=revoked.pk).revoke() == 1
    assert StatusLink.objects.filter(pk=revoked.pk).revoke() == 0  # the first time counts

    assert set(StatusLink.objects.usable()) == {forever, valid}
    assert StatusLink.objects.from_token(forever_token) == forever
    assert StatusLink.objects.from_token(valid_token) == valid
    assert StatusLink.objects.from_token(expired_token) is None
    assert StatusLink.objects.from_token(revoked_token) is None
    assert [link.is_usable() for link in StatusLink.objects.order_by("pk")] == [
        True,
        True,
        False,
        False,
    ]
    revoked.refresh_from_db()
    assert str(revoked.status_display()) == "widerrufen"


def test_a_link_belongs_to_its_own_kind(partner_request, make_partner):
    """Another kind's token opens nothing here, even with the same secret's shape."""
    _link_row, status_token = _link(StatusLink, partner_request)
    partner = make_partner()
    preview = PreviewLink(content_type=ContentType.objects.get_for_model(partner), object_id=1)
    preview_token = preview.new_token()
    preview.save()
    assert PreviewLink.objects.from_token(status_token) is None
    assert StatusLink.objects.from_token(preview_token) is None


def test_only_the_hash_is_stored(partner_request):
    link, token = _link(StatusLink, partner_request)
    row = StatusLink.objects.values().get(pk=link.pk)
    secret = token.split(":", 1)[0]
    assert not any(secret in str(value) for value in row.values())


def test_the_base_has_no_mail_and_no_earlier_tokens():
    assert SecretLink.earlier_token_hash("alt") is None
    with pytest.raises(NotImplementedError):
        StatusLink().mail()


def test_every_refusal_is_the_same_private_german_404():
    request = RequestFactory().get("/irgendwo/")
    response = link_refused(request, "Probelink", "Fragen Sie nach einem neuen.")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Probelink ungültig" in html and "Fragen Sie nach einem neuen." in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert_private(response)


def assert_private(response):
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"
    assert response.page_cache is False


def test_keep_private_sends_referrers_only_to_our_own_host():
    assert_private(keep_private(HttpResponse("ok")))
