"""One client address for every limit: DJANGO_TRUSTED_PROXY_COUNT, read by core.client.

Behind our proxies, the login lock-out and the forms' rate limit both count the address our
outermost proxy saw; what a client writes into X-Forwarded-For itself never counts.
"""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from contact.models import ContactMessage
from core.client import client_address, client_network

PROXY = "10.0.0.1"  # the innermost proxy: what the app sees as REMOTE_ADDR
OUTER_PROXY = "10.0.0.2"
CLIENT_A = "198.51.100.7"
CLIENT_B = "203.0.113.20"
PASSWORD = "Richtiges-Passwort-2015"


def forwarded_by_our_proxies(proxies, client, claimed=""):
    """What the app sees when `client` (sending `claimed` itself) comes through our proxies."""
    if proxies == 0:
        return {"REMOTE_ADDR": client, "HTTP_X_FORWARDED_FOR": claimed}
    hops = [claimed] if claimed else []
    hops.append(client)
    if proxies == 2:
        hops.append(OUTER_PROXY)  # the inner proxy appends the outer one's address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ", ".join(hops)}


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "10.0.0.5", "", "10.0.0.5"),
        (0, "10.0.0.5", "198.51.100.7", "10.0.0.5"),  # no proxy: the header is a claim
        (1, "10.0.0.5", "198.51.100.7", "198.51.100.7"),
        (1, "10.0.0.5", "1.2.3.4, 198.51.100.7", "198.51.100.7"),  # the left entry is spoofed
        (1, "10.0.0.5", "1.2.3.4,198.51.100.7 ", "198.51.100.7"),
        (2, "10.0.0.5", "1.2.3.4, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
        (2, "10.0.0.5", "198.51.100.7", "10.0.0.5"),  # fewer entries than proxies
        (1, "10.0.0.5", "", "10.0.0.5"),
        (1, "10.0.0.5", "<script>", "10.0.0.5"),  # not an address: not ours
        (1, "10.0.0.5", "1.2.3.4, unknown", "10.0.0.5"),
        (1, "10.0.0.5", "2001:DB8:0:0::1", "2001:db8::1"),  # IPv6 in its canonical form
        (1, "10.0.0.5", "[2001:db8::1]", "2001:db8::1"),
        (0, "::ffff:192.0.2.1", "", "192.0.2.1"),  # IPv4-mapped IPv6 is the IPv4 client
    ],
)
def test_client_address(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_an_ipv6_client_is_one_64_network(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    one = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2::1")
    other = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert client_network(one) == client_network(other) == "2001:db8:1:2::/64"
    assert client_network(RequestFactory().get("/", REMOTE_ADDR="192.0.2.1")) == "192.0.2.1"


def test_the_old_second_setting_is_gone(settings):
    assert not hasattr(settings, "NUM_PROXIES")


# --- the form rate limit, through /kontakt/ ------------------------------------------------


def contact(client, message_data, **meta):
    return client.post("/kontakt/", message_data(), **meta).status_code


@pytest.fixture
def one_submission_allowed(settings, db):
    settings.FORM_RATE_LIMIT = 1
    settings.FORM_RATE_WINDOW_SECONDS = 600
    settings.FORM_MIN_SECONDS = 3


@pytest.mark.parametrize("proxies", [0, 1, 2])
def test_rate_limit_counts_each_client_behind_the_proxies(
    client, message_data, one_submission_allowed, settings, proxies
):
    """Client B is not refused because client A used up the limit (one bucket per client)."""
    settings.TRUSTED_PROXY_COUNT = proxies
    assert contact(client, message_data, **forwarded_by_our_proxies(proxies, CLIENT_A)) == 302
    assert contact(client, message_data, **forwarded_by_our_proxies(proxies, CLIENT_A)) == 429
    assert contact(client, message_data, **forwarded_by_our_proxies(proxies, CLIENT_B)) == 302
    assert ContactMessage.objects.count() == 2


@pytest.mark.parametrize("proxies", [0, 1, 2])
def test_a_spoofed_forwarded_header_does_not_escape_the_rate_limit(
    client, message_data, one_submission_allowed, settings, proxies
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert contact(client, message_data, **forwarded_by_our_proxies(proxies, CLIENT_A)) == 302
    for claimed in ["192.0.2.1", "192.0.2.2, 192.0.2.3", CLIENT_B]:
        meta = forwarded_by_our_proxies(proxies, CLIENT_A, claimed=claimed)
        assert contact(client, message_data, **meta) == 429
    assert ContactMessage.objects.count() == 1


# --- the login lock-out, through /admin/login/ ---------------------------------------------


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "redaktion", "redaktion@example.org", PASSWORD, is_staff=True
    )


def login(client, password, **meta):
    response = client.post(
        reverse("admin:login"),
        {"username": "redaktion", "password": password, "next": reverse("admin:index")},
        **meta,
    )
    client.logout()
    return response.status_code


@pytest.mark.parametrize("proxies", [0, 1, 2])
def test_an_attacker_behind_the_proxies_does_not_lock_out_the_editor(
    client, editor, settings, proxies
):
    settings.TRUSTED_PROXY_COUNT = proxies
    attacker = forwarded_by_our_proxies(proxies, CLIENT_A, claimed=CLIENT_B)
    assert [login(client, "falsch", **attacker) for _ in range(5)][-1] == 429
    assert login(client, PASSWORD, **attacker) == 429
    assert login(client, PASSWORD, **forwarded_by_our_proxies(proxies, CLIENT_B)) == 302


@pytest.mark.parametrize("proxies", [0, 1, 2])
def test_a_spoofed_forwarded_header_does_not_escape_the_lock(client, editor, settings, proxies):
    settings.TRUSTED_PROXY_COUNT = proxies
    for attempt in range(5):
        meta = forwarded_by_our_proxies(proxies, CLIENT_A, claimed=f"192.0.2.{attempt}")
        login(client, "falsch", **meta)
    meta = forwarded_by_our_proxies(proxies, CLIENT_A, claimed="192.0.2.99")
    assert login(client, PASSWORD, **meta) == 429
