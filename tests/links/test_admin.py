"""The "Linkprüfung" list in the admin: read-only, filters, where used, marking for a check."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from links.models import CheckedLink, Result
from pages.models import Page
from partners.models import Link

CHANGELIST = reverse("admin:links_checkedlink_changelist")


@pytest.fixture
def checked(make_partner, site):
    """Four links, one of each kind of result, plus one never checked; all on the local site."""
    partner = make_partner(name="Stadt Musterhausen", website=site.url("/ok"))
    for path in ["/fehlt", "/alt", "/nie"]:
        Link.objects.create(partner=partner, label=path, url=site.url(path), kind="other")
    Page.objects.create(
        slug="hinweise", title="Hinweise", content=f'<a href="{site.url("/weg")}">weg</a>'
    )
    CheckedLink.objects.collect()
    now = timezone.now()
    results = {
        "/ok": (Result.OK, 200, []),
        "/fehlt": (Result.BROKEN, 404, []),
        "/alt": (Result.MOVED, 200, [{"url": site.url("/alt"), "status": 301}]),
        "/weg": (Result.ERROR, None, []),
    }
    for path, (result, status, redirects) in results.items():
        CheckedLink.objects.filter(url=site.url(path)).update(
            result=result,
            status_code=status,
            redirects=redirects,
            final_url=site.url("/neu" if path == "/alt" else path),
            last_checked=now,
            first_failed=now if result in (Result.BROKEN, Result.ERROR) else None,
        )
    return partner


def rows(response):
    return {link.url.rsplit("/", 1)[1] for link in response.context["cl"].result_list}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"fehlt", "weg", "alt", "nie", "ok"}),
        ({"ergebnis": "broken"}, {"fehlt"}),
        ({"ergebnis": "error"}, {"weg"}),
        ({"ergebnis": "moved"}, {"alt"}),
        ({"ergebnis": "ok"}, {"ok"}),
        ({"ergebnis": "nie"}, {"nie"}),
        ({"q": "Musterhausen"}, {"fehlt", "alt", "nie", "ok"}),
        ({"q": "Hinweise"}, {"weg"}),
    ],
)
def test_filters_and_search(admin_client, checked, query, expected):
    response = admin_client.get(CHANGELIST, query)
    assert response.status_code == 200
    assert rows(response) == expected


def test_list_shows_results_failures_first_and_where_used(admin_client, checked, site):
    response = admin_client.get(CHANGELIST)
    assert [link.url for link in response.context["cl"].result_list] == [
        site.url(path) for path in ["/fehlt", "/weg", "/alt", "/nie", "/ok"]
    ]
    html = response.content.decode()
    assert "defekt (404)" in html
    assert "nie geprüft" in html
    assert site.url("/neu") in html
    partner_page = reverse("admin:partners_partner_change", args=[checked.pk])
    assert f'<a href="{partner_page}">Partner „Stadt Musterhausen“ – Links</a>' in html
    assert f'<a href="{partner_page}">Partner „Stadt Musterhausen“ – Website</a>' in html
    page = Page.objects.get()
    page_url = reverse("admin:pages_page_change", args=[page.pk])
    assert f'<a href="{page_url}">Seite „Hinweise“ – Inhalt</a>' in html


def test_list_query_count_is_exact_and_constant(admin_client, checked, site):
    with CaptureQueriesContext(connection) as few:
        admin_client.get(CHANGELIST)
    for number in range(20):
        Link.objects.create(
            partner=checked, label="mehr", url=site.url(f"/mehr/{number}"), kind="other"
        )
    CheckedLink.objects.collect()
    with CaptureQueriesContext(connection) as many:
        admin_client.get(CHANGELIST)
    # Session, user, two counts, the letterhead (context processor), the page of links,
    # their uses with content types.
    assert len(few.captured_queries) == len(many.captured_queries) == 7


def test_the_list_is_read_only(admin_client, checked):
    link = CheckedLink.objects.get(result=Result.MOVED)
    assert admin_client.get(reverse("admin:links_checkedlink_add")).status_code == 403
    response = admin_client.get(reverse("admin:links_checkedlink_change", args=[link.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Weiterleitungen" in html
    assert 'name="url"' not in html
    delete = reverse("admin:links_checkedlink_delete", args=[link.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert CheckedLink.objects.filter(pk=link.pk).exists()


def test_recheck_only_marks_links_and_asks_nobody(admin_client, checked, site):
    site.requests.clear()
    broken = CheckedLink.objects.failing()
    response = admin_client.post(
        CHANGELIST,
        {"action": "recheck", "_selected_action": [link.pk for link in broken]},
        follow=True,
    )
    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [
        "2 Links sind zur erneuten Prüfung vorgemerkt. Geprüft wird nicht sofort, sondern "
        "beim nächsten Prüflauf des Servers, in der Regel in der folgenden Nacht; danach "
        "steht das Ergebnis hier."
    ]
    assert set(CheckedLink.objects.filter(recheck_requested=True)) == set(broken)
    assert site.requests == []
    # The results stay until the next run replaces them.
    assert CheckedLink.objects.failing().count() == 2


def test_redaktion_sees_the_list_and_may_mark_links(client, django_user_model, checked):
    call_command("setup_roles", verbosity=0)
    editor = django_user_model.objects.create_user("redakteurin", password="x", is_staff=True)
    editor.groups.set([Group.objects.get(name="Redaktion")])
    client.force_login(editor)
    assert client.get(CHANGELIST).status_code == 200
    assert client.get(reverse("admin:links_checkedlink_add")).status_code == 403
    link = CheckedLink.objects.get(result=Result.BROKEN)
    client.post(CHANGELIST, {"action": "recheck", "_selected_action": [link.pk]})
    link.refresh_from_db()
    assert link.recheck_requested
    assert "Linkprüfung" in client.get(reverse("admin:index")).content.decode()


def test_staff_without_the_role_do_not_see_the_list(client, django_user_model, checked):
    someone = django_user_model.objects.create_user("jemand", password="x", is_staff=True)
    client.force_login(someone)
    assert client.get(CHANGELIST).status_code == 403
