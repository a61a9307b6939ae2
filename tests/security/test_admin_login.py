"""Brute-force protection of the editors' login (django-axes)."""

import datetime
import re
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from core.security import lockout_response

PASSWORD = "Richtiges-Passwort-2015"
ATTACKER = "198.51.100.7"
EDITOR_OFFICE = "203.0.113.20"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "redaktion", "redaktion@example.org", PASSWORD, is_staff=True
    )


def login(client, password, username="redaktion", ip=ATTACKER):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=ip,
    )


def fail(client, times, **kwargs):
    return [login(client, "falsch", **kwargs).status_code for _ in range(times)]


def test_five_wrong_passwords_lock_the_login(client, editor, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert fail(client, 4) == [200, 200, 200, 200]
    response = login(client, "falsch")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in html
    assert "Nach 5 fehlgeschlagenen Anmeldeversuchen" in html
    assert "Die Sperre dauert 15 Minuten." in html
    assert re.search(r"ab <strong>\d\d:\d\d Uhr</strong>", html)
    # The portal's design: its stylesheet, skip link and footer, in German.
    assert 'lang="de"' in html and "css/site.css" in html and 'class="skip-link"' in html


def test_correct_password_is_refused_while_locked(client, editor):
    fail(client, 5)
    response = login(client, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lock_ends_after_the_cool_off(client, editor, settings):
    fail(client, 5)
    assert login(client, PASSWORD).status_code == 429
    # Time passes: move the recorded attempts back by more than the cool-off.
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    )
    response = login(client, PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_attacker_cannot_lock_the_editor_out_from_elsewhere(client, editor, django_user_model):
    fail(client, 5, ip=ATTACKER)
    assert login(client, PASSWORD, ip=ATTACKER).status_code == 429
    # The same account from the editor's own address still works.
    assert login(client, PASSWORD, ip=EDITOR_OFFICE).status_code == 302


def test_lock_is_per_username(client, editor, django_user_model):
    django_user_model.objects.create_user("chefin", password=PASSWORD, is_staff=True)
    fail(client, 5, username="redaktion")
    assert login(client, PASSWORD, username="chefin").status_code == 302


def test_successful_login_resets_the_count(client, editor):
    fail(client, 4)
    assert login(client, PASSWORD).status_code == 302
    client.logout()
    assert fail(client, 4) == [200, 200, 200, 200]
    assert login(client, PASSWORD).status_code == 302


def test_lockout_page_names_the_time_to_try_again(db, settings):
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    request = RequestFactory().post("/admin/login/")
    moment = datetime.datetime(2026, 3, 2, 13, 30, tzinfo=datetime.UTC)  # 14:30 in Berlin
    with mock.patch("core.security.timezone.now", return_value=moment):
        response = lockout_response(request)
    html = response.content.decode()
    assert response.status_code == 429
    assert "Bitte versuchen Sie es ab <strong>14:45 Uhr</strong> (am 2. März 2026) erneut." in html
    assert timezone.now() != moment
