"""Honeypot, time token and rate limit: each refuses, explains, and keeps the input."""

import time
from unittest import mock

import pytest
from django.test import RequestFactory
from django.urls import reverse

from contact.models import ContactMessage, PartnerRequest
from core.spam import TokenProblem, check_form_token, hit_rate_limit, make_form_token

from .helpers import token

CONTACT_URL = "/kontakt/"


def _post(client, data, **extra):
    return client.post(CONTACT_URL, data, **extra)


# --- honeypot ------------------------------------------------------------------------------


def test_filled_honeypot_saves_nothing_and_asks_to_send_again(client, message_data, mailoutbox):
    response = _post(client, message_data(homepage="https://spam.example"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "verstecktes Prüffeld" in html
    assert 'value="Frage zur Initiative"' in html  # the input is kept ...
    assert "https://spam.example" not in html  # ... but the honeypot is rendered empty
    assert ContactMessage.objects.count() == 0
    assert mailoutbox == []


def test_honeypot_is_hidden_from_people_and_out_of_the_tab_order(client, db):
    html = client.get(CONTACT_URL).content.decode()
    assert 'class="offscreen-field"  aria-hidden="true"' in html
    assert 'name="homepage" tabindex="-1" autocomplete="off"' in html


# --- time token ----------------------------------------------------------------------------


def test_too_fast_submission_is_returned_with_input_kept(client, message_data):
    response = _post(client, message_data(form_token=token("contact-message", age=1)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "ungewöhnlich schnell" in html
    assert 'value="Max Muster"' in html
    assert ContactMessage.objects.count() == 0


def test_expired_token_is_returned_with_input_kept(client, message_data):
    response = _post(client, message_data(form_token=token("contact-message", age=2 * 3600 + 5)))
    html = response.content.decode()
    assert "länger als 2 Stunden geöffnet" in html
    assert "Wie kann unser Verein mitmachen?" in html
    assert ContactMessage.objects.count() == 0


def test_resending_the_returned_form_works(client, message_data):
    """The re-rendered form carries a fresh token; sent again later, it passes."""
    response = _post(client, message_data(form_token=token("contact-message", age=1)))
    fresh = response.context["form"]["form_token"].as_widget()
    issued_now = fresh.split('value="', 1)[1].split('"', 1)[0]
    assert check_form_token(issued_now, "contact-message") == TokenProblem.TOO_FAST
    later = time.time() + 60
    assert check_form_token(issued_now, "contact-message", now=later) is None
    with mock.patch("core.spam.time.time", return_value=later):
        response = _post(client, message_data(form_token=issued_now))
    assert response.status_code == 302
    assert ContactMessage.objects.count() == 1


@pytest.mark.parametrize(
    "bad_token",
    ["", "kaputt", make_form_token("partner-request", issued=time.time() - 60)],
    ids=["missing", "forged", "other-form"],
)
def test_missing_forged_or_foreign_tokens_are_refused(client, message_data, bad_token):
    response = _post(client, message_data(form_token=bad_token))
    assert "konnte nicht geprüft werden" in response.content.decode()
    assert ContactMessage.objects.count() == 0


def test_token_from_the_future_is_refused():
    future = make_form_token("contact-message", issued=time.time() + 3600)
    assert check_form_token(future, "contact-message") == TokenProblem.INVALID


def test_token_limits_come_from_settings(settings):
    settings.FORM_MIN_SECONDS = 30
    settings.FORM_MAX_AGE_SECONDS = 60
    assert check_form_token(token("x", age=20), "x") == TokenProblem.TOO_FAST
    assert check_form_token(token("x", age=40), "x") is None
    assert check_form_token(token("x", age=90), "x") == TokenProblem.EXPIRED


def test_minimum_time_counts_from_the_moment_the_form_was_rendered(settings):
    """Not from the start of that second: rendered at …0.9 s and sent 1.6 s later is too fast."""
    settings.FORM_MIN_SECONDS = 2
    rendered = 1_800_000_000.9
    issued = make_form_token("x", issued=rendered)
    assert check_form_token(issued, "x", now=rendered + 1.6) == TokenProblem.TOO_FAST
    assert check_form_token(issued, "x", now=rendered + 2.0) is None


# --- rate limit ----------------------------------------------------------------------------


def test_rate_limit_gives_a_friendly_429_with_the_input_kept(client, message_data, settings):
    settings.FORM_RATE_LIMIT = 2
    for _ in range(2):
        assert _post(client, message_data()).status_code == 302
    response = _post(client, message_data(subject="Dritte Nachricht"))
    html = response.content.decode()
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Bitte warten Sie einen Moment" in html
    assert 'value="Dritte Nachricht"' in html
    assert "Fehler: Kontakt" in html  # the page title says something is wrong
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html  # the portal's design
    assert ContactMessage.objects.count() == 2


def test_rate_limit_counts_per_client_address(client, message_data, settings):
    settings.FORM_RATE_LIMIT = 1
    assert _post(client, message_data(), REMOTE_ADDR="192.0.2.1").status_code == 302
    assert _post(client, message_data(), REMOTE_ADDR="192.0.2.1").status_code == 429
    assert _post(client, message_data(), REMOTE_ADDR="192.0.2.2").status_code == 302


def test_rate_limit_is_shared_by_both_forms(client, message_data, request_data, settings):
    settings.FORM_RATE_LIMIT = 1
    assert _post(client, message_data()).status_code == 302
    response = client.post(reverse("contact:partner_request"), request_data())
    assert response.status_code == 429
    assert PartnerRequest.objects.count() == 0


def test_invalid_posts_do_not_use_up_the_limit(client, message_data, settings):
    settings.FORM_RATE_LIMIT = 1
    for _ in range(3):
        assert _post(client, message_data(email="kaputt")).status_code == 200
    assert _post(client, message_data()).status_code == 302


def test_rate_limit_window_ends(db, settings):
    settings.FORM_RATE_LIMIT = 1
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.7")
    start = 1_800_000_000
    with mock.patch("django_ratelimit.core.time.time", return_value=start):
        assert not hit_rate_limit(request).exceeded
        over = hit_rate_limit(request)
    assert over.exceeded
    assert 1 <= over.retry_after <= 601
    assert over.retry_after_minutes == -(-over.retry_after // 60)
    with mock.patch("django_ratelimit.core.time.time", return_value=start + over.retry_after):
        assert not hit_rate_limit(request).exceeded


def test_rate_limit_store_holds_no_address(db, settings):
    from django.db import connection

    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.99")
    hit_rate_limit(request)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM vielfalt_counters")
        rows = cursor.fetchall()
    assert rows and not any("192.0.2.99" in key + value for key, value in rows)


def test_ipv6_clients_are_counted_per_64_network(db, settings):
    settings.FORM_RATE_LIMIT = 1
    one = RequestFactory().post("/", REMOTE_ADDR="2001:db8:1:2::1")
    other = RequestFactory().post("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    elsewhere = RequestFactory().post("/", REMOTE_ADDR="2001:db8:1:3::1")
    assert not hit_rate_limit(one).exceeded
    assert hit_rate_limit(other).exceeded
    assert not hit_rate_limit(elsewhere).exceeded
