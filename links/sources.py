"""Where the portal links to other sites: the fields that hold external addresses.

Each place is one line in SOURCES. A plain field holds one address (a partner's website);
an HTML field holds text whose ``<a href>`` are collected. Rows edited inline in another
object's admin page (a partner's links) name that object through ``owner``, so that "where
used" leads to the page an editor can open.
"""

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit, urlunsplit

from django.apps import apps
from django.conf import settings
from django.http.request import validate_host

# Longer addresses are not stored (CheckedLink.url); no real link comes near it.
MAX_URL_LENGTH = 2000


@dataclass(frozen=True)
class Source:
    model: str  # "app_label.ModelName"
    field: str
    html: bool = False
    owner: str = ""  # foreign key to the object whose admin page edits this row

    @property
    def key(self):
        return f"{self.model}.{self.field}"

    @property
    def model_class(self):
        return apps.get_model(self.model)

    @property
    def owner_model(self):
        if self.owner:
            return self.model_class._meta.get_field(self.owner).related_model
        return self.model_class

    @property
    def label(self):
        """What the place is called in the admin: the field, or the inline's name."""
        meta = self.model_class._meta
        return meta.verbose_name_plural if self.owner else meta.get_field(self.field).verbose_name

    def uses(self):
        """(owner object, address) for every external address this field holds."""
        rows = self.model_class._default_manager.exclude(**{self.field: ""})
        if self.owner:
            rows = rows.select_related(self.owner)
        for row in rows.order_by("pk").iterator(chunk_size=500):
            value = getattr(row, self.field)
            owner = getattr(row, self.owner) if self.owner else row
            for href in hrefs(value) if self.html else [value]:
                url = external_url(href)
                if url:
                    yield owner, url


SOURCES = (
    Source("partners.Partner", "website"),
    Source("partners.Partner", "summary", html=True),
    Source("partners.Partner", "commitment", html=True),
    Source("partners.Link", "url", owner="partner"),
    Source("press.PressRelease", "teaser", html=True),
    Source("press.PressRelease", "body", html=True),
    Source("press.EventNotice", "body", html=True),
    Source("press.EventNotice", "programme", html=True),
    Source("press.Letterhead", "website"),
    Source("pages.Page", "content", html=True),
)
SOURCES_BY_KEY = {source.key: source for source in SOURCES}


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def hrefs(html):
    """The ``href`` of every ``<a>`` in an HTML fragment, entities decoded, in order."""
    parser = _Anchors()
    parser.feed(html)
    parser.close()
    return parser.hrefs


def own_hosts():
    """The portal's own names: PORTAL_URL's host and ALLOWED_HOSTS (without "*")."""
    hosts = [host for host in settings.ALLOWED_HOSTS if host != "*"]
    portal_host = urlsplit(settings.PORTAL_URL).hostname
    return hosts + [portal_host] if portal_host else hosts


def external_url(value):
    """``value`` as an absolute http(s) address of another site, or None.

    Relative paths, mailto:/tel: and the portal's own addresses are not external. The
    fragment is dropped (it never reaches the server) and scheme and host are lower-cased,
    so that one address is checked once however it was written.
    """
    value = value.strip()
    if value.startswith("//"):
        value = f"https:{value}"
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not host:
        return None
    if validate_host(host, own_hosts()):
        return None
    url = urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, "")
    )
    return url if len(url) <= MAX_URL_LENGTH else None
