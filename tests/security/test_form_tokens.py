"""A form token is good for one accepted submission, in any session and any process."""

import pytest

from contact.models import ContactMessage

USED = "wurde bereits abgeschickt und angenommen"


@pytest.fixture
def form_post(message_data, settings):
    settings.FORM_MIN_SECONDS = 3
    settings.FORM_RATE_LIMIT = 100
    return message_data()


def test_a_replayed_post_is_refused_with_the_input_kept(client, form_post):
    assert client.post("/kontakt/", form_post).status_code == 302
    response = client.post("/kontakt/", form_post)
    html = response.content.decode()
    assert response.status_code == 200
    assert USED in html
    assert 'value="Frage zur Initiative"' in html
    assert "Wie kann unser Verein mitmachen?" in html
    assert ContactMessage.objects.count() == 1


def test_a_token_is_refused_in_another_session(client, form_post, django_user_model):
    from django.test import Client

    assert client.post("/kontakt/", form_post).status_code == 302
    for _ in range(3):
        assert USED in Client().post("/kontakt/", form_post).content.decode()
    assert ContactMessage.objects.count() == 1


def test_the_refused_form_can_be_sent_again_with_its_new_token(client, form_post, settings):
    assert client.post("/kontakt/", form_post).status_code == 302
    refused = client.post("/kontakt/", form_post)
    settings.FORM_MIN_SECONDS = 0  # the person sends it again later
    fresh = refused.context["form"]["form_token"].as_widget().split('value="', 1)[1]
    again = client.post("/kontakt/", {**form_post, "form_token": fresh.split('"', 1)[0]})
    assert again.status_code == 302
    assert ContactMessage.objects.count() == 2


def test_a_token_refused_for_other_reasons_is_not_used_up(client, form_post):
    invalid = client.post("/kontakt/", {**form_post, "email": "kaputt"})
    assert invalid.status_code == 200 and USED not in invalid.content.decode()
    assert client.post("/kontakt/", form_post).status_code == 302
