"""Hostile rich text sent to the admin (as a browser would, bypassing the editor) is
cleaned to the allow-list; the editor's change forms run under the strict CSP."""

import re

from django.urls import reverse

from pages.models import Page
from press.models import PressRelease
from tests.security.test_templates import inline_code

HOSTILE = (
    "<h1>Titel</h1>"
    '<p onclick="alert(1)" style="color:red">Text <a href="javascript:alert(1)">eins</a> '
    '<a href="data:text/html;base64,PHNjcmlwdD4=">zwei</a> '
    '<a href="https://example.org/" target="_blank">drei</a></p>'
    "<script>alert(1)</script><iframe src='https://example.org/'></iframe>"
    '<img src="x" onerror="alert(1)">'
)
CLEAN = (
    "Titel"
    '<p>Text <a rel="noopener">eins</a> <a rel="noopener">zwei</a> '
    '<a href="https://example.org/" rel="noopener">drei</a></p>'
)


def test_hostile_page_content_is_cleaned_on_the_admin_post(admin_client):
    response = admin_client.post(
        reverse("admin:pages_page_add"),
        {"slug": "probe", "title": "Probe", "content": HOSTILE, "is_published": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Page.objects.get(slug="probe").content == CLEAN
    html = admin_client.get("/probe/").content.decode()
    assert "alert(1)" not in html and "<h1>Titel</h1>" not in html


def test_hostile_press_texts_are_cleaned_on_the_admin_post(admin_client):
    response = admin_client.post(
        reverse("admin:press_pressrelease_add"),
        {
            "title": "Probe",
            "slug": "probe",
            "dated_at_0": "01.06.2026",
            "dated_at_1": "10:00:00",
            "issuer": "Ministerium",
            "teaser": "<h2>Kein Titel</h2><ul><li>keine Liste</li></ul>" + HOSTILE,
            "body": HOSTILE,
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    release = PressRelease.objects.get(slug="probe")
    assert release.body == CLEAN
    assert release.teaser == "Kein Titelkeine Liste" + CLEAN


def test_a_required_text_holding_only_what_is_dropped_is_empty(admin_client):
    response = admin_client.post(
        reverse("admin:pages_page_add"),
        {"slug": "probe", "title": "Probe", "content": "<p></p><script>alert(1)</script>"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["content"]
    assert not Page.objects.exists()


def test_the_editor_runs_under_the_csp_with_its_own_nonce_and_hash(admin_client):
    response = admin_client.get(reverse("admin:pages_page_add"))
    policy = dict(
        part.strip().split(" ", 1)
        for part in response.headers["Content-Security-Policy"].split(";")
    )
    # Scripts from the static path and the admin's catalogues only, plus the nonce.
    assert "'self'" not in policy["script-src"]
    nonce = re.fullmatch(
        r"http://testserver/static/ http://testserver/admin/jsi18n/ 'nonce-([^']+)'",
        policy["script-src"],
    ).group(1)
    assert re.fullmatch(r"'self' 'sha256-[A-Za-z0-9+/]+=*'", policy["style-src"])
    html = response.content.decode()
    # The one inline script: the editor's import map, with this response's nonce.
    assert inline_code(html) == [f'inline <script>: <script type="importmap" nonce="{nonce}">']
    assert 'src="/static/django_prose_editor/editor' in html
    # Scripts, styles and the import map's modules from our own static files, no CDN.
    addresses = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    addresses += re.findall(r'"(/[^"]+\.js)"', html.split('type="importmap"')[1][:1000])
    assert addresses and all(re.match(r"/(?!/)", address) for address in addresses)


def test_pages_without_the_editor_keep_the_plain_policy(admin_client):
    for url in [reverse("admin:index"), reverse("admin:pages_page_changelist"), "/"]:
        policy = admin_client.get(url).headers["Content-Security-Policy"]
        assert "nonce-" not in policy and "sha256-" not in policy, url
