"""manage.py check_links against the local site: stored results, throttle, User-Agent."""

import datetime
import io
from itertools import pairwise

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from links.models import CheckedLink, Result
from partners.models import Link

from .conftest import TIMEOUT


def link_to(partner, url):
    Link.objects.create(partner=partner, label=url, url=url, kind=Link.Kind.OTHER)


def check_links(*args):
    out = io.StringIO()
    call_command("check_links", *args, stdout=out)
    return out.getvalue()


def test_every_link_is_checked_and_stored(site, refused_url, make_partner):
    partner = make_partner(website=site.url("/ok"))
    for path in ["/fehlt", "/alt", "/kurz-weg", "/kein-head", "/langsam"]:
        link_to(partner, site.url(path))
    link_to(partner, refused_url)

    # Broken links are a finding, not a failure: the command ends normally (exit code 0).
    output = check_links()

    stored = {
        link.url: (link.result, link.status_code, link.final_url, link.redirects)
        for link in CheckedLink.objects.all()
    }
    assert stored == {
        site.url("/ok"): (Result.OK, 200, site.url("/ok"), []),
        site.url("/fehlt"): (Result.BROKEN, 404, site.url("/fehlt"), []),
        site.url("/alt"): (
            Result.MOVED,
            200,
            site.url("/neu"),
            [{"url": site.url("/alt"), "status": 301}],
        ),
        site.url("/kurz-weg"): (
            Result.OK,
            200,
            site.url("/ok"),
            [{"url": site.url("/kurz-weg"), "status": 302}],
        ),
        site.url("/kein-head"): (Result.OK, 200, site.url("/kein-head"), []),
        site.url("/langsam"): (Result.ERROR, None, site.url("/langsam"), []),
        refused_url: (Result.ERROR, None, refused_url, []),
    }
    failed = CheckedLink.objects.failing()
    assert failed.count() == 3
    assert all(link.first_failed and link.consecutive_failures == 1 for link in failed)
    assert CheckedLink.objects.get(url=site.url("/langsam")).error == (
        f"Keine Antwort innerhalb von {TIMEOUT} Sekunden."
    )
    assert "umgezogen: " + site.url("/alt") + " (200) → " + site.url("/neu") in output
    assert output.splitlines()[-1] == (
        "Geprüft: 7 von 7 verwendeten Links – in Ordnung: 3, umgezogen: 1, defekt: 1, "
        "nicht erreichbar: 2."
    )

    # Politeness: every request says who asks, and one host gets at most one per second.
    assert {agent for _, _, _, agent in site.requests} == {settings.LINK_CHECK_USER_AGENT}
    assert settings.LINK_CHECK_USER_AGENT.startswith("VielfaltVerbindetLinkCheck/1.0 (+")
    assert settings.LINK_CHECK_USER_AGENT.endswith("/impressum/)")
    assert len(site.requests) == 10
    starts = sorted(moment for moment, _, _, _ in site.requests)
    assert min(later - earlier for earlier, later in pairwise(starts)) >= 0.9


def test_first_failure_is_kept_across_runs_and_cleared_on_recovery(site, make_partner):
    make_partner(website=site.url("/wechselt"))
    check_links()
    link = CheckedLink.objects.get()
    assert (link.result, link.status_code, link.consecutive_failures) == (Result.BROKEN, 500, 1)
    first_failed = link.first_failed
    assert first_failed == link.last_checked

    check_links()
    link.refresh_from_db()
    assert (link.first_failed, link.consecutive_failures) == (first_failed, 2)
    assert link.last_checked > first_failed

    site.changing_status = 200
    check_links()
    link.refresh_from_db()
    assert (link.result, link.first_failed, link.consecutive_failures) == (Result.OK, None, 0)


def test_only_due_links_and_a_limit(site, make_partner):
    partner = make_partner(website=site.url("/ok?nie"))
    for name in ["frisch", "alt", "vorgemerkt"]:
        link_to(partner, site.url(f"/ok?{name}"))
    CheckedLink.objects.collect()
    now = timezone.now()
    CheckedLink.objects.exclude(url__endswith="nie").update(last_checked=now, result=Result.OK)
    CheckedLink.objects.filter(url__endswith="alt").update(
        last_checked=now - datetime.timedelta(days=settings.LINK_CHECK_DUE_DAYS)
    )
    CheckedLink.objects.filter(url__endswith="vorgemerkt").request_recheck()

    check_links("--only-due", "--limit", "1")
    assert [path for _, _, path, _ in site.requests] == ["/ok?nie"]

    check_links("--only-due")
    assert sorted(path for _, _, path, _ in site.requests[1:]) == ["/ok?alt", "/ok?vorgemerkt"]
    assert not CheckedLink.objects.filter(recheck_requested=True).exists()
    assert not CheckedLink.objects.due(settings.LINK_CHECK_DUE_DAYS).exists()


def test_wrong_options_are_errors(db):
    with pytest.raises(CommandError, match="--limit muss mindestens 1 sein"):
        check_links("--limit", "0")
