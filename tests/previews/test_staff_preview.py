"""Staff see every kind of draft as it will look, from "Auf der Website anzeigen"."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from pages.models import Page

BANNER = "Vorschau – nicht veröffentlicht"


@pytest.fixture
def drafts(make_partner, make_release, make_notice, make_measure):
    return {
        "partner": make_partner(name="Partner im Entwurf", is_published=False),
        "release": make_release(title="Mitteilung im Entwurf", is_published=False),
        "notice": make_notice(title="Termin im Entwurf", is_published=False),
        "page": Page.objects.create(
            slug="entwurf", title="Seite im Entwurf", content="<p>Text</p>", is_published=False
        ),
        "measure": make_measure(title="Maßnahme im Entwurf", is_published=False),
    }


PREVIEWS = {
    "partner": ("partners:preview", "admin:partners_partner_change", "Partner im Entwurf"),
    "release": (
        "press:release_preview",
        "admin:press_pressrelease_change",
        "Mitteilung im Entwurf",
    ),
    "notice": ("press:notice_preview", "admin:press_eventnotice_change", "Termin im Entwurf"),
    "page": ("page_preview", "admin:pages_page_change", "Seite im Entwurf"),
    "measure": (
        "measures:preview",
        "admin:measures_measure_change",
        "Maßnahme im Entwurf",
    ),
}


@pytest.mark.parametrize("kind", PREVIEWS)
def test_staff_preview_of_each_kind(editor_client, client, drafts, kind):
    preview, change, title = PREVIEWS[kind]
    obj = drafts[kind]
    url = reverse(preview, args=[obj.pk])
    form = editor_client.get(reverse(change, args=[obj.pk])).content.decode()
    assert f'href="{url}"' in form  # "Auf der Website anzeigen"

    response = editor_client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert BANNER in html and title in html
    assert "Entwurf: nur die Redaktion sieht diese Seite." in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert client.get(obj.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("kind", PREVIEWS)
def test_staff_preview_is_a_404_without_view_permission(client, django_user_model, drafts, kind):
    preview, _, _ = PREVIEWS[kind]
    url = reverse(preview, args=[drafts[kind].pk])
    assert client.get(url).status_code == 404
    user = django_user_model.objects.create_user(
        "gast", "g@example.org", "x-geheim-1", is_staff=True
    )
    client.force_login(user)
    assert client.get(url).status_code == 404
    options = type(drafts[kind])._meta
    user.user_permissions.add(Permission.objects.get(codename=f"view_{options.model_name}"))
    client.force_login(django_user_model.objects.get(pk=user.pk))
    assert client.get(url).status_code == 200
