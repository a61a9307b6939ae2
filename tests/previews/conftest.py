import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.measures.conftest import field, make_measure  # noqa: F401 (fixtures)
from tests.press.conftest import make_notice, make_release  # noqa: F401 (fixtures)


@pytest.fixture
def editor(db, django_user_model):
    """A member of "Redaktion", as setup_roles makes it."""
    call_command("setup_roles", stdout=None)
    user = django_user_model.objects.create_user(
        "redaktion", "redaktion@example.org", "x-geheim-1", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Redaktion"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
