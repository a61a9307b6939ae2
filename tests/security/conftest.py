import pytest
from django.core.management import call_command

from tests.contact.conftest import message_data, request_data  # noqa: F401 (shared fixtures)


@pytest.fixture
def media(settings, tmp_path):
    """An empty MEDIA_ROOT of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def redaktion_client(client, django_user_model, media):
    """An editor of the "Redaktion" group, without superuser rights (as in the review)."""
    from django.contrib.auth.models import Group

    call_command("setup_roles", verbosity=0)
    user = django_user_model.objects.create_user("redakteurin", password="x-geh-1", is_staff=True)
    user.groups.set(Group.objects.filter(name="Redaktion"))
    client.force_login(user)
    return client
