import datetime
import io
import itertools
import uuid
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from partners.models import Category, DatePrecision, Partner, Quote, Signatory
from tests.public_pages import FIXTURES
from vielfalt.settings.media import media_storages

from .servers import S3Server

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Django asks SQLite once per process whether it has JSON functions (the partner lists
    read categories as JSON); asked here, as by a server's first request, so that a page's
    query count does not depend on which test ran first."""
    with django_db_blocker.unblock():
        assert connection.features.supports_json_field


@pytest.fixture
def seed(db):
    """The seed content the public page list (tests/public_pages.py) points at."""
    call_command("loaddata", *FIXTURES, verbosity=0)


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
    """Each test starts with an empty database and an empty cache (rate limits, pages)."""
    cache.clear()
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

    from core.cache import remember
    from press.models import Letterhead

    caches[settings.PAGE_CACHE_ALIAS].clear()
    # The empty database has no letterhead: remembered without a query, so that page query
    # counts do not depend on which test ran before.
    remember(Letterhead.REMEMBER_KEY, lambda: None)
    yield


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """A real S3 server (moto) on 127.0.0.1, started once when a test first asks for it."""
    with S3Server(log_path=tmp_path_factory.mktemp("s3") / "moto.log") as server:
        yield server


@pytest.fixture
def s3_buckets(s3_server, settings):
    """This test's media in two fresh buckets, configured as DJANGO_STORAGE=s3 would."""
    suffix = uuid.uuid4().hex[:12]
    public, private = f"oeffentlich-{suffix}", f"privat-{suffix}"
    s3_server.create_buckets(public, private)
    settings.STORAGES = settings.STORAGES | media_storages(
        "s3", **s3_server.settings_values(public, private)
    )
    return SimpleNamespace(
        server=s3_server, public=public, private=private, client=s3_server.client()
    )


@pytest.fixture
def make_staff(db, django_user_model):
    """A staff user in one of the groups setup_roles creates ("Redaktion", "Freigabe" …)."""
    call_command("setup_roles", stdout=io.StringIO())

    def make(group, username=None, email=None):
        username = username or f"{group.lower()}-{next(_numbers)}"
        user = django_user_model.objects.create_user(
            username, email or f"{username}@ministerium.example", "x", is_staff=True
        )
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture
def editor(make_staff):
    return make_staff("Redaktion", "redakteurin")


@pytest.fixture
def approver(make_staff):
    return make_staff("Freigabe", "freigeberin")
