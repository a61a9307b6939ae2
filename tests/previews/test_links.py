"""Preview links: made in the admin, opened without an account, revoked, expired."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from core import cache as page_cache
from core.tokens import digest
from pages.models import Page
from previews.models import TOKEN_SALT, PreviewLink

BANNER = "Vorschau – nicht veröffentlicht"


def create_url(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:previews_previewlink_create", args=[content_type.pk, obj.pk])


def make_link(obj, **fields):
    """A saved link with its address as ``url`` (known only now: only its hash is kept)."""
    link = PreviewLink(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, **fields
    )
    link.token = link.new_token()
    link.url = PreviewLink.path(link.token)
    link.save()
    return link


def assert_private(response):
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.fixture
def draft_partner(make_partner):
    return make_partner(name="Stadtwerke Entwurfshausen", is_published=False)


def test_editor_creates_a_link_on_the_change_form_and_sees_it_listed(
    editor_client, editor, draft_partner
):
    change = reverse("admin:partners_partner_change", args=[draft_partner.pk])
    form = editor_client.get(change).content.decode()
    assert "Vorschau-Link erstellen" in form and create_url(draft_partner) in form

    response = editor_client.post(create_url(draft_partner), follow=True)

    link = PreviewLink.objects.get()
    assert (link.content_object, link.created_by) == (draft_partner, editor)
    expected_expiry = timezone.now() + datetime.timedelta(days=14)
    assert abs(link.expires_at - expected_expiry) < datetime.timedelta(minutes=5)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == change + "#vorschau-links"
    assert "Vorschau-Link erstellt" in html and "nur dieses eine Mal angezeigt" in html
    token = re.search(r'href="http://testserver/vorschau/([^/"]+)/"', html)[1]
    assert link.token_hash == digest(token)  # shown once, only its hash kept
    assert PreviewLink.objects.from_token(token) == link
    assert reverse("admin:previews_previewlink_revoke", args=[link.pk]) in html
    assert "Widerrufen" in html


def test_creating_a_link_needs_a_post_and_the_permission(client, django_user_model, draft_partner):
    url = create_url(draft_partner)
    user = django_user_model.objects.create_user("gast", "g@example.org", "x-geheim-1")
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.post(url).status_code == 403
    assert not PreviewLink.objects.exists()


def test_creating_a_link_is_refused_without_csrf_token(editor, draft_partner):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(editor)
    assert csrf_client.post(create_url(draft_partner)).status_code == 403
    assert csrf_client.get(create_url(draft_partner)).status_code == 405
    assert not PreviewLink.objects.exists()


def test_no_link_for_a_kind_without_preview(editor_client, editor):
    group = ContentType.objects.get_for_model(type(editor))
    assert editor_client.post(
        reverse("admin:previews_previewlink_create", args=[group.pk, editor.pk])
    ).status_code in (403, 404)
    assert not PreviewLink.objects.exists()


def test_anonymous_visitor_sees_the_current_draft_with_banner_and_private_headers(
    client, draft_partner
):
    link = make_link(draft_partner)
    assert client.get(draft_partner.get_absolute_url()).status_code == 404

    response = client.get(link.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert BANNER in html and 'role="status"' in html
    assert "Stadtwerke Entwurfshausen" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert_private(response)

    # The version current when it is opened, not the one when the link was made.
    draft_partner.name = "Stadtwerke Neuer Name"
    draft_partner.save()
    assert "Stadtwerke Neuer Name" in client.get(link.url).content.decode()


def test_revoked_link_answers_404_with_a_german_page(client, editor_client, draft_partner):
    link = make_link(draft_partner)
    editor_client.post(reverse("admin:previews_previewlink_revoke", args=[link.pk]))
    link.refresh_from_db()
    assert link.revoked_at is not None

    response = client.get(link.url)

    assert response.status_code == 404
    html = response.content.decode()
    assert "Vorschau-Link ungültig" in html and "Stadtwerke Entwurfshausen" not in html
    assert_private(response)


def test_expired_link_is_refused(client, draft_partner):
    link = make_link(draft_partner, expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(link.url)
    assert response.status_code == 404
    assert "Vorschau-Link ungültig" in response.content.decode()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "x" + token,
        lambda token: token.split(":", 1)[0],  # the secret without its signature
        lambda token: "kein-token",
        lambda token: signing.Signer(salt="etwas anderes").sign(token.split(":", 1)[0]),
        lambda token: signing.Signer(salt=TOKEN_SALT).sign("geraten"),
    ],
)
def test_tampered_or_unknown_token_is_a_404(client, draft_partner, tamper):
    link = make_link(draft_partner)
    response = client.get(reverse("previews:shared", args=[tamper(link.token)]))
    assert response.status_code == 404
    assert "Vorschau-Link ungültig" in response.content.decode()
    assert_private(response)


def test_token_of_a_link_that_no_longer_exists_is_a_404(client, draft_partner):
    link = make_link(draft_partner)
    token = link.token
    link.delete()
    assert client.get(reverse("previews:shared", args=[token])).status_code == 404


def test_link_to_a_deleted_draft_is_no_longer_valid(client, draft_partner):
    link = make_link(draft_partner)
    draft_partner.delete()
    assert client.get(link.url).status_code == 404


def test_token_is_a_signed_secret_of_which_only_the_hash_is_stored(draft_partner):
    link = make_link(draft_partner)
    secret = signing.Signer(salt=TOKEN_SALT).unsign(link.token)
    assert len(secret) >= 43 and secret not in str(link.pk)
    stored = PreviewLink.objects.values().get(pk=link.pk)
    assert not any(secret in str(value) for value in stored.values())
    assert stored["token_hash"] == digest(link.token)


def test_links_made_before_keep_their_address(client, draft_partner):
    """Their token was the signed id; the migration stored that token's hash."""
    link = make_link(draft_partner)
    earlier = signing.Signer(salt=TOKEN_SALT).sign(str(link.pk))
    PreviewLink.objects.filter(pk=link.pk).update(token_hash=digest(earlier))
    assert client.get(PreviewLink.path(earlier)).status_code == 200


def test_page_cache_never_stores_a_preview(client, settings, tmp_path, draft_partner):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "content-version")
    settings.PAGE_CACHE_EXCLUDED_PATHS = ["/admin/"]  # the view itself must keep it out
    link = make_link(draft_partner)
    for _ in range(2):
        response = client.get(link.url)
        assert response.status_code == 200 and "X-Page-Cache" not in response
    stored = page_cache.page_cache()._cache
    assert not [key for key in stored if ":pagecache:page:" in key]  # no page stored
    PreviewLink.objects.filter(pk=link.pk).revoke()
    assert client.get(link.url).status_code == 404


def test_each_kind_opens_through_a_link(client, make_release, make_notice, make_measure):
    measure = make_measure(title="Maßnahme im Entwurf", is_published=False)
    release = make_release(title="Mitteilung im Entwurf", is_published=False)
    notice = make_notice(title="Termin im Entwurf", is_published=False)
    page = Page.objects.create(
        slug="entwurf", title="Seite im Entwurf", content="<p>Text</p>", is_published=False
    )
    for obj, title in [
        (release, "Mitteilung im Entwurf"),
        (notice, "Termin im Entwurf"),
        (page, "Seite im Entwurf"),
        (measure, "Maßnahme im Entwurf"),
    ]:
        html = client.get(make_link(obj).url).content.decode()
        assert BANNER in html and title in html


def test_published_object_shows_that_it_is_public(client, make_partner):
    partner = make_partner(name="Stadt Öffentlich")
    html = client.get(make_link(partner).url).content.decode()
    assert "dieser Eintrag ist öffentlich" in html
    assert f'href="{partner.get_absolute_url()}"' in html


def test_preview_link_view_has_an_exact_query_count(
    client, draft_partner, django_assert_num_queries
):
    link = make_link(draft_partner)
    client.get(link.url)  # warm: the letterhead, remembered per content
    # The link with its content type (1), the partner's public page (6, as in
    # tests/test_query_budget.py), "is it public already?" (1), "is a change of it waiting
    # for approval?" (1).
    with django_assert_num_queries(9):
        assert client.get(link.url).status_code == 200


def test_change_list_of_all_links_and_revoke_action(editor_client, draft_partner, make_release):
    links = [make_link(draft_partner), make_link(make_release(is_published=False))]
    url = reverse("admin:previews_previewlink_changelist")
    html = editor_client.get(url).content.decode()
    assert "Stadtwerke Entwurfshausen" in html and "gültig" in html
    editor_client.post(url, {"action": "revoke", "_selected_action": [link.pk for link in links]})
    assert PreviewLink.objects.usable().count() == 0
    assert "widerrufen" in editor_client.get(url).content.decode()


def test_the_change_form_lists_links_without_their_address(editor_client, draft_partner):
    link = make_link(draft_partner)
    html = editor_client.get(
        reverse("admin:partners_partner_change", args=[draft_partner.pk])
    ).content.decode()
    assert reverse("admin:previews_previewlink_revoke", args=[link.pk]) in html
    assert link.token.split(":", 1)[0] not in html
