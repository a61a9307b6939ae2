"""Title, description, canonical URL and Open Graph tags of every public page."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.templatetags.static import static
from django.urls import reverse
from PIL import Image

from partners.models import Photo
from tests.public_pages import PUBLIC_PAGES


class HeadParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta = {}
        self.links = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs["name"]
            assert key not in self.meta, f"{key} appears twice"
            self.meta[key] = attrs.get("content")
        elif tag == "link" and attrs.get("rel") in {"canonical", "alternate"}:
            self.links.setdefault(attrs["rel"], []).append(attrs["href"])
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def head(client, url, **query):
    response = client.get(url, query)
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode().split("</head>", 1)[0])
    return parser


def assert_complete(page, url):
    assert page.title.strip().endswith("– Partnerinitiative des Landes NRW")
    assert len(page.meta["description"]) > 40
    assert page.links["canonical"] == [f"http://testserver{url}"]
    assert page.meta["og:url"] == f"http://testserver{url}"
    assert page.meta["og:site_name"] == "Vielfalt verbindet!"
    assert page.meta["og:locale"] == "de_DE"
    assert page.meta["og:title"]
    assert page.meta["og:description"]


def test_home_has_title_description_canonical_and_open_graph(client, make_partner):
    make_partner()
    page = head(client, reverse("home"))
    assert_complete(page, "/")
    assert page.meta["og:type"] == "website"
    assert page.meta["og:title"] == "Vielfalt verbindet! Interkulturelle Öffnung als Erfolgsfaktor"


def test_directory_canonical_drops_filters_and_keeps_later_pages(client, make_partner):
    for _ in range(25):
        make_partner(region="koeln")
    url = reverse("partners:list")
    page = head(client, url, q="Stadt", region="koeln")
    assert_complete(page, url)
    assert page.meta["og:type"] == "website"
    assert page.meta["og:title"] == "Wir sind Partner – Vielfalt verbindet!"
    assert page.meta["og:description"] == page.meta["description"]

    second = head(client, url, region="koeln", page="2")
    assert second.links["canonical"] == ["http://testserver/partner/?page=2"]
    assert second.meta["og:url"] == "http://testserver/partner/?page=2"
    # "?page=999" shows the last page; the canonical URL names that page.
    beyond = head(client, url, page="999")
    assert beyond.links["canonical"] == ["http://testserver/partner/?page=2"]
    first = head(client, url, page="1")
    assert first.links["canonical"] == ["http://testserver/partner/"]


def test_directory_head_links_the_feed_and_the_filtered_exports(client, make_partner):
    make_partner()
    page = head(client, reverse("partners:list"), category="kommune", page="1")
    assert page.links["alternate"][:3] == [
        "http://testserver/partner/",
        "http://testserver/partner/",
        "http://testserver/en/partner/",
    ]
    assert page.links["alternate"][3:] == [
        "/partner/feed/",
        "/partner/export.csv?category=kommune",
        "/partner/export.json?category=kommune",
    ]


def test_detail_page_is_an_article_named_after_the_partner(client, make_partner):
    partner = make_partner(name="Landessportbund NRW")
    page = head(client, partner.get_absolute_url())
    assert_complete(page, partner.get_absolute_url())
    assert page.title.startswith("Landessportbund NRW")
    assert page.meta["og:type"] == "article"
    assert page.meta["og:title"] == "Landessportbund NRW"
    assert page.meta["og:description"] == page.meta["description"]
    assert "Landessportbund NRW" in page.meta["description"]
    assert page.meta["article:section"] == "Kommune"
    assert "og:image" not in page.meta


def test_detail_page_offers_its_first_photo_as_the_preview_image(
    client, make_partner, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "JPEG")
    partner = make_partner()
    Photo.objects.create(
        partner=partner,
        image=SimpleUploadedFile("bild.jpg", buffer.getvalue(), "image/jpeg"),
        alt_text="Zwei Personen unterschreiben die Vereinbarung",
        credit="MAIS NRW",
    )
    page = head(client, partner.get_absolute_url())
    assert page.meta["og:image"].startswith("http://testserver/media/partners/photos/")
    assert page.meta["og:image:alt"] == "Zwei Personen unterschreiben die Vereinbarung"


@pytest.mark.parametrize(
    ("url_name", "og_title"),
    [
        ("partners:statistics", "Die Initiative in Zahlen – Vielfalt verbindet!"),
        ("partners:open_data", "Offene Daten – Vielfalt verbindet!"),
    ],
)
def test_new_pages_have_their_own_meta(client, make_partner, url_name, og_title):
    make_partner()
    url = reverse(url_name)
    page = head(client, url)
    assert_complete(page, url)
    assert page.meta["og:title"] == og_title
    assert page.meta["og:description"] == page.meta["description"]


@pytest.mark.parametrize("url_name", ["partners:statistics", "partners:open_data"])
def test_new_pages_have_no_inline_styles_scripts_or_third_party_resources(
    client, make_partner, url_name
):
    make_partner()
    html = client.get(reverse(url_name)).content.decode()
    assert "style=" not in html and "<style" not in html
    assert re.findall(r"<script[^>]*>", html) == [
        f'<script src="{static("js/error-summary.js")}" defer>'
    ]
    for attribute in ('src="http', 'href="//', 'src="//'):
        assert attribute not in html
    resource_links = [
        line for line in html.split("</head>", 1)[0].splitlines() if 'rel="stylesheet"' in line
    ]
    assert all('href="/static/' in line for line in resource_links)


@pytest.mark.parametrize(
    "page",
    [page for page in PUBLIC_PAGES if page.axe and not page.form],
    ids=lambda page: page.name,
)
def test_search_engines_and_link_previews_get_the_same_description(client, seed, page):
    response = client.get(page.path)
    assert response.status_code == page.status
    parser = HeadParser()
    parser.feed(response.content.decode().split("</head>", 1)[0])
    assert len(parser.meta["description"]) > 40
    assert parser.meta["og:description"] == parser.meta["description"]
