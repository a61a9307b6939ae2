import pytest
from django.core.management import call_command

from tests.contact.conftest import message_data, request_data  # noqa: F401 (shared fixtures)
from tests.public_pages import FIXTURES


@pytest.fixture
def seed(db):
    """The seed content the public page list points at."""
    call_command("loaddata", *FIXTURES, verbosity=0)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Many logins here; the production hasher's deliberate slowness is not under test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
