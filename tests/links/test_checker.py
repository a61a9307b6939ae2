"""One address at a time against the local site (no throttle wait: tested in test_command)."""

import pytest

from links.checker import LinkChecker, in_turn_by_host
from links.models import Result

from .conftest import TIMEOUT


@pytest.fixture
def checker():
    return LinkChecker(timeout=TIMEOUT, user_agent="Test/1.0", interval=0)


def test_an_answering_address_is_ok(site, checker):
    outcome = checker.check(site.url("/ok"))
    assert (outcome.result, outcome.status_code, outcome.redirects, outcome.error) == (
        Result.OK,
        200,
        [],
        "",
    )
    assert [method for _, method, _, _ in site.requests] == ["HEAD"]


def test_a_missing_page_is_broken_after_a_get(site, checker):
    outcome = checker.check(site.url("/fehlt"))
    assert (outcome.result, outcome.status_code) == (Result.BROKEN, 404)
    assert [(method, path) for _, method, path, _ in site.requests] == [
        ("HEAD", "/fehlt"),
        ("GET", "/fehlt"),
    ]


def test_head_refused_get_answers(site, checker):
    outcome = checker.check(site.url("/kein-head"))
    assert (outcome.result, outcome.status_code) == (Result.OK, 200)
    assert [method for _, method, _, _ in site.requests] == ["HEAD", "GET"]


def test_a_permanent_redirect_is_moved_with_its_target(site, checker):
    outcome = checker.check(site.url("/alt-dauerhaft"))
    assert outcome.result == Result.MOVED
    assert outcome.status_code == 200
    assert outcome.final_url == site.url("/neu")
    assert outcome.redirects == [
        {"url": site.url("/alt-dauerhaft"), "status": 308},
        {"url": site.url("/alt"), "status": 301},
    ]


def test_a_temporary_redirect_is_ok_and_recorded(site, checker):
    outcome = checker.check(site.url("/kurz-weg"))
    assert (outcome.result, outcome.final_url) == (Result.OK, site.url("/ok"))
    assert outcome.redirects == [{"url": site.url("/kurz-weg"), "status": 302}]


def test_a_redirect_to_a_missing_page_is_broken(site, checker):
    outcome = checker.check(site.url("/alt-ins-leere"))
    assert (outcome.result, outcome.status_code) == (Result.BROKEN, 404)
    assert outcome.redirects == [{"url": site.url("/alt-ins-leere"), "status": 301}]


def test_redirects_are_followed_at_most_ten_times(site, checker):
    outcome = checker.check(site.url("/schleife/0"))
    assert outcome.result == Result.ERROR
    assert outcome.error == "Mehr als 10 Weiterleitungen."
    assert len(site.requests) == 11


def test_a_redirect_away_from_http_is_an_error(site, checker):
    outcome = checker.check(site.url("/nach-ftp"))
    assert outcome.result == Result.ERROR
    assert outcome.final_url == "ftp://example.org/datei"


def test_no_answer_within_the_timeout(site, checker):
    outcome = checker.check(site.url("/langsam"))
    assert (outcome.result, outcome.status_code) == (Result.ERROR, None)
    assert outcome.error == f"Keine Antwort innerhalb von {TIMEOUT} Sekunden."


def test_connection_refused(refused_url, checker):
    outcome = checker.check(refused_url)
    assert (outcome.result, outcome.status_code) == (Result.ERROR, None)
    assert outcome.error.startswith("Verbindung fehlgeschlagen")


def test_hosts_take_turns_and_keep_their_order():
    urls = [
        "https://a.example/1",
        "https://a.example/2",
        "https://a.example/3",
        "https://b.example/1",
        "https://c.example/1",
        "https://b.example/2",
    ]
    assert list(in_turn_by_host(urls)) == [
        "https://a.example/1",
        "https://b.example/1",
        "https://c.example/1",
        "https://a.example/2",
        "https://b.example/2",
        "https://a.example/3",
    ]
