import datetime
import itertools

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from partners.models import Category, DatePrecision, Partner, Quote, Signatory

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Django asks SQLite once per process whether it has JSON functions (the partner lists
    read categories as JSON); asked here, as by a server's first request, so that a page's
    query count does not depend on which test ran first."""
    with django_db_blocker.unblock():
        assert connection.features.supports_json_field


@pytest.fixture
def category(db):
    return Category.objects.create(name="Kommune", slug="kommune")


@pytest.fixture
def make_partner(db, category):
    """Create a published partner with one signatory on each side and one quote."""

    def make(**fields):
        number = next(_numbers)
        fields.setdefault("name", f"Stadt Beispiel {number}")
        fields.setdefault("slug", f"stadt-beispiel-{number}")
        fields.setdefault("city", "Beispielstadt")
        fields.setdefault("region", "arnsberg")
        fields.setdefault("signed_on", datetime.date(2015, 5, 28))
        fields.setdefault("signed_on_precision", DatePrecision.DAY)
        fields.setdefault("is_published", True)
        categories = fields.pop("categories", None) or [fields.pop("category", category)]
        partner = Partner.objects.create(**fields)
        partner.categories.set(categories)
        Signatory.objects.create(
            partner=partner, name=f"Person {number}", role="Bürgermeisterin", side="partner"
        )
        Signatory.objects.create(
            partner=partner, name="Thorsten Klute", role="Staatssekretär", side="state"
        )
        Quote.objects.create(
            partner=partner, text=f"Vielfalt ist Stärke {number}.", speaker_name="Klute"
        )
        return partner

    return make


@pytest.fixture(autouse=True)
def _cache_matches_the_empty_database():
    """Each test starts with an empty database and an empty cache (rate limits, pages). The
    cached letterhead is told so without a query, so that page query counts do not depend
    on which test ran before."""
    from press.models import Letterhead

    cache.clear()
    Letterhead.forget(known_absent=True)
    # A request to /en/ leaves English active in this thread; every test starts in German.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _page_cache_store_starts_empty():
    """Values remembered until the content changes (core.cache.remember) must not
    outlive a test's database, which is rolled back without any signal."""
    from django.conf import settings
    from django.core.cache import caches

    caches[settings.PAGE_CACHE_ALIAS].clear()
    yield
