"""Security headers on every response, and the admin's markup under the strict CSP."""

import re

from django.urls import reverse

from tests.security.test_templates import inline_code


def test_portal_sends_the_policy_from_settings(client, db, settings):
    response = client.get(reverse("home"))
    header = response.headers["Permissions-Policy"]
    policy = dict(part.split("=", 1) for part in header.split(", "))
    assert policy == {
        feature: "(" + " ".join(allowed) + ")"
        for feature, allowed in settings.PERMISSIONS_POLICY.items()
    }
    assert policy["camera"] == policy["geolocation"] == policy["microphone"] == "()"
    assert policy["fullscreen"] == "(self)"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_content_security_policy_is_strict(client, db):
    csp = client.get(reverse("home")).headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives == {
        "default-src": "'self'",
        "script-src": "http://testserver/static/ http://testserver/admin/jsi18n/",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "form-action": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "frame-ancestors": "'none'",
    }


def test_session_and_csrf_cookies_are_http_only(client, django_user_model):
    user = django_user_model.objects.create_superuser("redaktion", "r@example.org", "x-geh-1")
    response = client.get(reverse("admin:login"))
    assert response.cookies["csrftoken"]["httponly"]
    assert response.cookies["csrftoken"]["samesite"] == "Lax"
    response = client.post(
        reverse("admin:login"), {"username": user.username, "password": "x-geh-1"}
    )
    assert response.cookies["sessionid"]["httponly"]
    assert response.cookies["sessionid"]["samesite"] == "Lax"


def admin_pages(make_partner):
    partner = make_partner()
    return [
        reverse("admin:index"),
        reverse("admin:partners_partner_changelist"),
        reverse("admin:partners_partner_changelist") + "?q=Stadt&is_published__exact=1",
        reverse("admin:partners_partner_add"),
        reverse("admin:partners_partner_change", args=[partner.pk]),
        reverse("admin:partners_partner_delete", args=[partner.pk]),
        reverse("admin:partners_category_changelist"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:password_change"),
    ]


def test_admin_markup_runs_under_the_csp(admin_client, make_partner):
    """Django's admin has no inline script or style on the pages editors use.

    The browser journey (tests/e2e) also watches for CSP violations at run time.
    """
    for url in admin_pages(make_partner):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert "Content-Security-Policy" in response.headers
        html = response.content.decode()
        # The rich-text editor's import map, allowed by this response's nonce, is the one
        # exception (tests/security/test_richtext_admin.py).
        nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
        editor = (
            [f'inline <script>: <script type="importmap" nonce="{nonce[1]}">'] if nonce else []
        )
        assert inline_code(html) == editor, url
