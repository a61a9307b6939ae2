"""Redis stopped or frozen: pages are served uncached, forms accept submissions, the admin
saves; Redis back: caching resumes, without a restart."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from contact.models import ContactMessage
from core import cache as page_cache
from core import failfast

pytestmark = [pytest.mark.services, pytest.mark.django_db]


def assert_portal_works_without_cache(client, admin_client, partner, message_data):
    for url in [reverse("home"), reverse("partners:list"), partner.get_absolute_url()]:
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200
            assert "X-Page-Cache" not in response  # neither read nor stored
    response = client.post(reverse("contact:contact_message"), message_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("contact:contact_message_thanks")
    assert ContactMessage.objects.get().subject == "Frage zur Initiative"
    category = partner.categories.get()
    response = admin_client.post(
        reverse("admin:partners_category_change", args=[category.pk]),
        {"name": "Kommunen", "slug": category.slug, "order": "3"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    category.refresh_from_db()
    assert category.name == "Kommunen"  # saved, not rolled back


def assert_caching_resumes(client, url):
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_redis_stopped(client, admin_client, make_partner, message_data, use_redis):
    partner = make_partner(name="Stadt Unna")
    assert_caching_resumes(client, reverse("home"))
    use_redis.stop()
    assert_portal_works_without_cache(client, admin_client, partner, message_data)
    use_redis.start()
    failfast.resume()  # the pause after the failure has passed
    assert_caching_resumes(client, partner.get_absolute_url())
    assert "Stadt Unna" in client.get(partner.get_absolute_url()).content.decode()


def test_redis_frozen(client, admin_client, make_partner, message_data, use_redis):
    partner = make_partner(name="Stadt Soest")
    assert_caching_resumes(client, reverse("home"))
    use_redis.freeze()
    assert_portal_works_without_cache(client, admin_client, partner, message_data)
    use_redis.thaw()
    failfast.resume()
    # The category was renamed while Redis was frozen: the page cached before must not
    # come back now that Redis answers again with its old entries.
    response = client.get(reverse("home"))
    assert response["X-Page-Cache"] == "miss"
    assert_caching_resumes(client, reverse("partners:list"))


def test_after_a_failure_redis_is_left_alone_for_a_pause(use_redis):
    cache = caches["default"]
    cache.set("key", "value")
    use_redis.freeze()
    assert cache.get("key") is None  # one socket timeout ...
    use_redis.thaw()
    # ... then no call reaches Redis until the pause is over, although it answers again:
    assert cache.get("key") is None
    assert failfast.is_paused(("127.0.0.1", use_redis.port))
    failfast.resume()
    assert cache.get("key") == "value"


def test_an_unreachable_version_is_unknown_not_new(use_redis):
    version = page_cache.content_version()
    assert version
    use_redis.freeze()
    assert page_cache.content_version() is None
    assert page_cache.remember("answer", lambda: 42) == 42  # computed, not stored
    use_redis.thaw()
    failfast.resume()
    assert page_cache.content_version() == version  # the outage wrote nothing


@pytest.mark.persistent_redis
def test_a_change_saved_while_redis_is_down_invalidates_once_it_is_back(
    client, make_partner, use_redis
):
    partner = make_partner(name="Stadt Hamm")
    url = partner.get_absolute_url()
    assert_caching_resumes(client, url)
    use_redis.stop()
    partner.name = "Stadt Hamm (Westf.)"
    partner.save()  # the version bump cannot be stored
    use_redis.start()  # with the pages cached before the change
    failfast.resume()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Stadt Hamm (Westf.)" in response.content.decode()


def test_the_rate_limit_fails_open_and_says_so(client, message_data, use_redis, caplog):
    use_redis.stop()
    response = client.post(reverse("contact:contact_message"), message_data())
    assert response.status_code == 302
    assert "Rate limit not counted" in caplog.text


def test_an_outage_is_logged_once_not_per_cache_call(client, make_partner, use_redis, caplog):
    make_partner()
    use_redis.stop()
    for _ in range(3):
        assert client.get(reverse("partners:list")).status_code == 200
    ignored = [record for record in caplog.records if record.name == "core.failfast"]
    assert len(ignored) == 1
    assert ignored[0].exc_info is not None  # with the error, for the operators
