import gzip

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import cache as page_cache
from partners.models import Partner


@pytest.fixture
def cache_on(settings, tmp_path):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "content-version")
    page_cache.page_cache().clear()
    yield settings
    page_cache.page_cache().clear()


def get_counting(client, url, **extra):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **extra)
    return response, len(context.captured_queries)


def test_second_anonymous_request_comes_from_the_cache_without_queries(
    client, make_partner, cache_on
):
    partner = make_partner(name="Stadt Bielefeld")
    for url in [reverse("home"), reverse("partners:list"), partner.get_absolute_url()]:
        first, first_queries = get_counting(client, url)
        second, second_queries = get_counting(client, url)
        assert first.status_code == second.status_code == 200
        assert first["X-Page-Cache"] == "miss" and first_queries > 0
        assert second["X-Page-Cache"] == "hit" and second_queries == 0
        assert second.content == first.content
        assert "Stadt Bielefeld" in second.content.decode()


def test_head_requests_are_answered_from_the_get_entry(client, make_partner, cache_on):
    make_partner()
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as context:
        response = client.head(reverse("home"))
    queries = len(context.captured_queries)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"
    assert queries == 0


def test_the_query_string_is_part_of_the_key(client, make_partner, cache_on):
    make_partner(name="Stadt Köln", region="koeln")
    make_partner(name="Stadt Münster", region="muenster")
    client.get(reverse("partners:list"), {"region": "koeln"})
    other = client.get(reverse("partners:list"), {"region": "muenster"})
    assert other["X-Page-Cache"] == "miss"
    assert "Stadt Münster" in other.content.decode()
    assert "Stadt Köln" not in other.content.decode()


def test_logged_in_staff_never_get_or_fill_the_cache(admin_client, client, make_partner, cache_on):
    partner = make_partner()
    client.get(partner.get_absolute_url())  # an anonymous visitor fills the cache
    for _ in range(2):
        response, queries = get_counting(admin_client, partner.get_absolute_url())
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert queries > 0


def test_pages_with_a_csrf_token_are_never_cached(client, cache_on):
    for _ in range(2):
        response = client.get("/test/formular/")
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert "X-Page-Cache" not in response
        assert "csrftoken" in response.cookies


@pytest.mark.parametrize("url_name", ["contact:partner_request", "contact:contact_message"])
def test_the_portals_forms_are_never_cached(client, db, cache_on, url_name):
    for _ in range(2):
        response = client.get(reverse(url_name))
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert "X-Page-Cache" not in response


@pytest.mark.parametrize(
    "url",
    [
        "/test/ohne-cache/",
        "/test/nachricht/",
        "/test/nonce/",
        "/test/nonce-benutzt/",
        "/test/vary/",
    ],
)
def test_responses_with_per_request_values_or_an_opt_out_are_not_cached(client, cache_on, url):
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


def test_a_views_own_content_security_policy_survives_the_cache(client, cache_on):
    first = client.get("/test/eigene-richtlinie/")
    hit = client.get("/test/eigene-richtlinie/")
    assert hit["X-Page-Cache"] == "hit"
    assert "https://karten.example" in first["Content-Security-Policy"]
    assert hit["Content-Security-Policy"] == first["Content-Security-Policy"]
    # … and other pages keep the strict default.
    assert "karten.example" not in client.get("/test/ohne-cache/")["Content-Security-Policy"]


def test_english_and_german_pages_are_kept_apart(client, make_partner, cache_on):
    make_partner()
    german = client.get("/partner/")
    english = client.get("/en/partner/")
    assert english["X-Page-Cache"] == "miss"
    assert '<html lang="de"' in german.content.decode()
    assert '<html lang="en"' in english.content.decode()
    assert '<html lang="en"' in client.get("/en/partner/").content.decode()


def test_visitors_with_a_session_or_pending_messages_bypass_the_cache(
    client, make_partner, cache_on
):
    make_partner()
    client.get(reverse("home"))
    assert client.get(reverse("home"))["X-Page-Cache"] == "hit"
    client.cookies["messages"] = "pending"
    assert "X-Page-Cache" not in client.get(reverse("home"))
    del client.cookies["messages"]
    client.cookies["sessionid"] = "abc"
    assert "X-Page-Cache" not in client.get(reverse("home"))


def test_errors_are_not_cached(client, db, cache_on):
    for _ in range(2):
        response = client.get("/partner/gibt-es-nicht/")
        assert response.status_code == 404
        assert "X-Page-Cache" not in response


def test_admin_is_never_cached(client, cache_on):
    client.get("/admin/login/")
    assert "X-Page-Cache" not in client.get("/admin/login/")


def test_a_saved_partner_shows_at_once(client, make_partner, cache_on):
    partner = make_partner(name="Kreis Alt")
    client.get(partner.get_absolute_url())
    client.get(reverse("partners:list"))
    partner.name = "Kreis Neu"
    partner.save()
    for url in [partner.get_absolute_url(), reverse("partners:list")]:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        html = response.content.decode()
        assert "Kreis Neu" in html and "Kreis Alt" not in html


def test_deleted_and_related_content_invalidates_too(client, make_partner, cache_on):
    partner = make_partner()
    client.get(partner.get_absolute_url())
    partner.quotes.all().delete()
    html = client.get(partner.get_absolute_url()).content.decode()
    assert "<blockquote" not in html


def test_publishing_through_an_admin_action_shows_at_once(
    admin_client, client, make_partner, cache_on, editor
):
    draft = make_partner(name="Stadt Entwurf", is_published=False)
    draft.transition("submit", editor)
    assert "Stadt Entwurf" not in client.get(reverse("partners:list")).content.decode()
    # QuerySet.update() sends no signals: the staff user's POST invalidates.
    admin_client.post(
        reverse("admin:partners_partner_changelist"),
        {"action": "approve", "_selected_action": [draft.pk]},
    )
    assert Partner.objects.get(pk=draft.pk).is_published
    assert "Stadt Entwurf" in client.get(reverse("partners:list")).content.decode()


def test_the_version_is_bumped_again_after_the_commit(
    make_partner, cache_on, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        make_partner()
    assert page_cache.bump_content_version in callbacks


def test_other_processes_see_a_change_through_the_version_file(make_partner, cache_on):
    version_file = page_cache.version_file()
    make_partner()
    before = version_file.read_text()
    make_partner()
    assert version_file.read_text() != before
    assert page_cache.content_version() == version_file.read_text()


def test_a_shared_cache_holds_the_version_itself(settings, tmp_path, make_partner):
    settings.PAGE_CACHE_ENABLED = True
    settings.CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / alias),
        }
        for alias in ["default", "pages"]
    }
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "unused")
    first = page_cache.content_version()
    assert page_cache.content_version() == first
    make_partner()
    assert page_cache.content_version() != first
    assert not (tmp_path / "unused").exists()


def test_only_content_models_invalidate(settings, django_user_model):
    from partners.models import Quote

    settings.PAGE_CACHE_CONTENT_APPS = ["partners", "auth.Group"]
    assert page_cache.is_content_model(Quote)
    assert not page_cache.is_content_model(django_user_model)
    assert page_cache.is_content_model(django_user_model.groups.through) is False
    settings.PAGE_CACHE_CONTENT_APPS = ["auth.User"]
    # An automatic many-to-many table counts as its owner.
    assert page_cache.is_content_model(django_user_model.groups.through)


def test_compressed_and_plain_variants_are_kept_apart(client, make_partner, cache_on):
    make_partner(name="Stadt Hamm")
    zipped = client.get(reverse("home"), HTTP_ACCEPT_ENCODING="gzip, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    plain = client.get(reverse("home"))
    assert plain["X-Page-Cache"] == "miss"
    assert "Content-Encoding" not in plain
    hit = client.get(reverse("home"), HTTP_ACCEPT_ENCODING="gzip")
    assert hit["X-Page-Cache"] == "hit"
    assert "Stadt Hamm" in gzip.decompress(hit.content).decode()


@pytest.mark.parametrize("cached", [False, True])
def test_conditional_get_answers_304(client, make_partner, settings, tmp_path, cached):
    settings.PAGE_CACHE_ENABLED = cached
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "content-version")
    page_cache.page_cache().clear()
    partner = make_partner()
    first = client.get(partner.get_absolute_url())
    etag = first["ETag"]
    assert etag
    again = client.get(partner.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    if cached:
        assert client.get(partner.get_absolute_url())["X-Page-Cache"] == "hit"
    # A changed page has a new ETag: the old one no longer matches.
    partner.name = "Geändert"
    partner.save()
    changed = client.get(partner.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_host_that_is_not_allowed_gives_400_not_500(client, db, cache_on):
    assert client.get(reverse("home"), HTTP_HOST="evil.example").status_code == 400


def test_pages_have_a_store_of_their_own(client, make_partner, cache_on):
    """Many pages must not push out other cached values (rate-limit counters)."""
    assert caches[cache_on.PAGE_CACHE_ALIAS] is not caches["default"]
    caches["default"].set("counter", 1)
    page_cache.page_cache().clear()
    assert caches["default"].get("counter") == 1
    make_partner()
    client.get(reverse("home"))
    assert client.get(reverse("home"))["X-Page-Cache"] == "hit"


def test_remember_keeps_a_value_until_the_content_changes(make_partner, cache_on):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert page_cache.remember("test:value", compute) == 1
    assert page_cache.remember("test:value", compute) == 1
    make_partner()
    assert page_cache.remember("test:value", compute) == 2


def test_remember_works_without_the_page_cache_too(make_partner, settings):
    settings.PAGE_CACHE_ENABLED = False
    calls = []
    assert page_cache.remember("test:other", lambda: calls.append(1) or len(calls)) == 1
    assert page_cache.remember("test:other", lambda: calls.append(1) or len(calls)) == 1


def test_the_cache_is_off_in_development_and_tests_by_default(client, make_partner):
    make_partner()
    client.get(reverse("home"))
    assert "X-Page-Cache" not in client.get(reverse("home"))


def test_the_benchmark_reference_view_is_not_registered_normally(client):
    assert client.get("/bench/ping/").status_code == 404


def test_the_benchmark_reference_view_answers_briefly_and_is_never_cached(rf):
    from core.views import bench_ping

    response = bench_ping(rf.get("/bench/ping/"))
    assert response.content == b"pong"
    assert response.page_cache is False


pytestmark = pytest.mark.urls("tests.core.urls_for_cache_tests")


def test_a_saved_staff_page_shows_at_once(client, db, cache_on):
    from pages.models import Page

    page = Page.objects.create(slug="impressum", title="Impressum", content="<p>Alt</p>")
    client.get("/impressum/")
    assert client.get("/impressum/")["X-Page-Cache"] == "hit"
    page.content = "<p>Neu</p>"
    page.save()
    response = client.get("/impressum/")
    assert response["X-Page-Cache"] == "miss"
    assert "<p>Neu</p>" in response.content.decode()
