import pytest
from django.core.management import call_command

from tests.public_pages import FIXTURES


@pytest.fixture
def seed(db):
    """The seed content the public page list points at."""
    call_command("loaddata", *FIXTURES, verbosity=0)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Many logins here; the production hasher's deliberate slowness is not under test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor_client(client, django_user_model):
    """A client logged in as a superuser of the editorial office."""
    user = django_user_model.objects.create_superuser("redaktion", "r@example.org", "x-geh-1")
    client.force_login(user)
    return client
