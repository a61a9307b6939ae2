import re

import pytest
from django.urls import reverse
from django.utils import translation


def test_english_lives_under_en_and_german_stays_at_the_root(client, make_partner):
    partner = make_partner()
    german_url = partner.get_absolute_url()
    with translation.override("en"):
        english_url = partner.get_absolute_url()
    assert english_url == f"/en{german_url}"
    response = client.get(english_url)
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert '<html lang="de">' in client.get(german_url).content.decode()


@pytest.mark.parametrize(("path", "other"), [("/partner/", "/en/partner/"), ("/en/", "/")])
def test_every_page_has_a_language_switch_and_hreflang_links(client, db, path, other):
    html = client.get(path).content.decode()
    switch = html.split('class="navbar-nav language-switch', 1)[1].split("</ul>", 1)[0]
    assert f'href="{other}"' in switch
    hreflang = dict(re.findall(r'<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)"', html))
    assert hreflang["de"] == "http://testserver" + (path if not path.startswith("/en") else "/")
    assert hreflang["en"].startswith("http://testserver/en/")
    assert hreflang["x-default"] == hreflang["de"]


def test_language_switch_keeps_the_query_string(client, db):
    html = client.get("/partner/?region=koeln&q=Stadt").content.decode()
    assert 'href="/en/partner/?region=koeln&amp;q=Stadt"' in html


def test_english_pages_say_the_content_stays_german(client, make_partner):
    german_url = make_partner(summary="<p>Ein Bericht.</p>").get_absolute_url()
    english = client.get(f"/en{german_url}").content.decode()
    german = client.get(german_url).content.decode()
    assert 'class="content-language-note' in english
    assert 'class="content-language-note' not in german
    assert '<div class="rich-text" lang="de"><p>Ein Bericht.</p></div>' in english


def test_the_interface_is_translated(client, make_partner):
    assert reverse("partners:list") == "/partner/"
    html = client.get("/en/partner/").content.decode()
    assert "Skip to content" in html
    assert "Search" in html
    assert "Zum Inhalt springen" not in html
