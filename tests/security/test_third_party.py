"""No public page loads anything from another host: no CDN, fonts, embeds or trackers.

Resources are what the browser fetches on its own: scripts, stylesheets, icons and
preloads (every <link>), images, media, frames, objects, form targets and url() in CSS
(inline or in a linked same-origin stylesheet). Plain <a href> links to partners'
websites are navigation, not resource loads, and may point anywhere.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.public_pages import PUBLIC_PAGES, PublicPage

OWN_HOSTS = {"testserver"}
HARMLESS_SCHEMES = {"data", "mailto", "tel", "blob"}

RESOURCE_ATTRIBUTES = {
    "script": ["src"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "iframe": ["src"],
    "frame": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "form": ["action"],
    "button": ["formaction"],
    "input": ["src", "formaction"],
    "image": ["href", "xlink:href"],
    "use": ["href", "xlink:href"],
}

CSS_URL = re.compile(
    r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')"""
)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


class ResourceCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls = []  # (where, url)
        self.stylesheets = []
        self.inline_css = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in RESOURCE_ATTRIBUTES.get(tag, []):
            value = attrs.get(name)
            if not value:
                continue
            for url in _srcset_urls(value) if name == "srcset" else [value]:
                self.urls.append((f"<{tag} {name}>", url))
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.stylesheets.append(attrs.get("href", ""))
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            target = (attrs.get("content") or "").partition("url=")[2]
            if target:
                self.urls.append(("<meta refresh>", target))
        if attrs.get("style"):
            self.inline_css.append(attrs["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.inline_css.append(data)


def _srcset_urls(value):
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def css_urls(css):
    css = CSS_COMMENT.sub("", css)
    return [
        next(group for group in match.groups() if group is not None)
        for match in CSS_URL.finditer(css)
    ]


def foreign(url, base="http://testserver/"):
    """Why ``url`` (as found on the page at ``base``) is not ours, or "" when it is."""
    url = url.strip()
    scheme = urlsplit(url).scheme.lower()
    if scheme in HARMLESS_SCHEMES:
        return ""
    if scheme == "javascript":
        return "javascript: URL"
    absolute = urlsplit(urljoin(base, url))
    if absolute.scheme not in {"http", "https"}:
        return f"scheme {absolute.scheme}"
    if absolute.hostname not in OWN_HOSTS:
        return f"host {absolute.hostname}"
    return ""


def stylesheet_text(url):
    """A linked same-origin stylesheet, read where the static files app finds it."""
    path = urlsplit(url).path
    assert path.startswith("/static/"), f"stylesheet outside /static/: {url}"
    found = finders.find(path.removeprefix("/static/"))
    assert found, f"linked stylesheet does not exist: {url}"
    with open(found, encoding="utf-8") as handle:
        return handle.read()


def fetch(client, page: PublicPage):
    if page.form:
        return client.post(page.path, page.form, follow=True)
    return client.get(page.path, follow=True)


@pytest.mark.parametrize("page", PUBLIC_PAGES, ids=lambda page: page.name)
def test_page_loads_nothing_from_other_hosts(seed, page):
    response = fetch(Client(), page)
    assert response.status_code == page.status
    collector = ResourceCollector()
    collector.feed(response.content.decode())
    problems = [f"{where} {url}: {why}" for where, url in collector.urls if (why := foreign(url))]
    assert collector.stylesheets, "every page links the portal's stylesheets"
    for sheet in collector.stylesheets:
        assert not foreign(sheet)
        for url in css_urls(stylesheet_text(sheet)):
            if why := foreign(url, base=urljoin("http://testserver/", sheet)):
                problems.append(f"{sheet}: url({url}): {why}")
    for css in collector.inline_css:
        problems += [f"inline css url({url})" for url in css_urls(css) if foreign(url)]
    assert problems == []


@pytest.mark.parametrize("page", PUBLIC_PAGES, ids=lambda page: page.name)
def test_page_is_german_and_sends_the_security_headers(seed, page):
    response = fetch(Client(), page)
    assert re.search(rf'<html[^>]* lang="{page.lang}"', response.content.decode())
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_the_scanner_spots_foreign_resources():
    """The scanner itself: it must catch what a careless template would add."""
    collector = ResourceCollector()
    collector.feed(
        '<link rel="stylesheet" href="https://cdn.example.com/x.css">'
        '<link rel="preconnect" href="//fonts.example.net">'
        '<script src="http://testserver/static/ok.js"></script>'
        '<img src="/media/a.jpg" srcset="/media/a.jpg 1x, https://img.example.org/b.jpg 2x">'
        '<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>'
        '<form action="https://forms.example.org/post"></form>'
        '<a href="https://partner.example.org/">Website</a>'
        '<img src="data:image/png;base64,AAAA" alt="">'
    )
    hosts = sorted(why for _, url in collector.urls if (why := foreign(url)))
    assert hosts == [
        "host cdn.example.com",
        "host fonts.example.net",
        "host forms.example.org",
        "host img.example.org",
        "host www.youtube-nocookie.com",
    ]
    assert css_urls(
        '/* url(https://comment.example) */ a{background:url("https://x.example/a.png")}'
        " @import 'https://y.example/b.css'; b{mask:url(\"data:image/svg+xml,%3csvg xmlns='"
        "http://www.w3.org/2000/svg'%3e\")} c{background:url(https://z.example/c'd.png)}"
    ) == [
        "https://x.example/a.png",
        "https://y.example/b.css",
        "data:image/svg+xml,%3csvg xmlns='http://www.w3.org/2000/svg'%3e",
        "https://z.example/c'd.png",
    ]
