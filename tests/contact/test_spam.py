"""Honeypot, time token and rate limit: each refuses, explains, and keeps the input."""

import time
from unittest import mock

import pytest
from django.test import RequestFactory
from django.urls import reverse

from contact.models import ContactMessage, PartnerRequest
from contact.spam import (
    TokenProblem,
    check_form_token,
    client_address,
    hit_rate_limit,
    make_form_token,
)

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
    with mock.patch("contact.spam.time.time", return_value=later):
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


def test_rate_limit_window_ends(settings):
    settings.FORM_RATE_LIMIT = 1
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.7")
    start = 1_800_000_000  # at the start of a window
    assert not hit_rate_limit(request, now=start).exceeded
    over = hit_rate_limit(request, now=start + 10)
    assert over.exceeded
    assert over.retry_after == 590
    assert over.retry_after_minutes == 10
    assert not hit_rate_limit(request, now=start + 600).exceeded


def test_rate_limit_cache_key_holds_no_address(settings):
    from django.core.cache import cache

    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.99")
    hit_rate_limit(request)
    keys = list(cache._cache.keys())  # locmem internals, fine for a test
    assert keys and not any("192.0.2.99" in key for key in keys)


def test_x_forwarded_for_is_ignored_without_trusted_proxies(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "10.0.0.1"


def test_x_forwarded_for_counts_trusted_proxies_from_the_right(settings):
    settings.NUM_PROXIES = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5"
    )
    assert client_address(request) == "203.0.113.5"  # the spoofable left entry is skipped
    settings.NUM_PROXIES = 2
    assert client_address(request) == "6.6.6.6"


def test_garbage_in_x_forwarded_for_falls_back_to_remote_addr(settings):
    settings.NUM_PROXIES = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="<script>")
    assert client_address(request) == "10.0.0.1"


def test_ipv6_clients_are_counted_per_64_network():
    one = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2::1")
    other = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert client_address(one) == client_address(other) == "2001:db8:1:2::/64"
