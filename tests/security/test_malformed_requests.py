"""A body Django cannot read gives the portal's 400 page, never a 500.

The CSRF check reads request.POST first; for a form post declared in another charset than
UTF-8 that raises BadRequest. The error pages themselves must then not read the body again.
"""

import pytest
from django.test import Client

PATHS = ["/kontakt/", "/partner-werden/", "/", "/admin/login/", "/suche/", "/gibt-es-nicht/"]
BODY = "name=M%FCller&subject=%E4%F6%FC"


@pytest.fixture
def visitor(db):
    """A browser with the CSRF cookie, as after opening a form; exceptions surface."""
    client = Client(enforce_csrf_checks=True)
    client.get("/kontakt/")
    client.token = client.cookies["csrftoken"].value
    return client


def post(client, path, content_type, body):
    return client.generic("POST", path, body.encode("latin-1"), content_type=content_type)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("charset", ["latin-1", "iso-8859-15", "utf-16", "cp1252"])
def test_form_post_in_another_charset_gets_the_400_page(visitor, path, charset):
    body = f"csrfmiddlewaretoken={visitor.token}&{BODY}"
    response = post(visitor, path, f"application/x-www-form-urlencoded; charset={charset}", body)
    html = response.content.decode()
    assert response.status_code == 400
    assert "<h1>Ungültige Anfrage</h1>" in html and 'lang="de"' in html


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded; charset=bogus",
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=xx; charset=latin-1",
        "multipart/form-data; boundary=" + "x" * 5000,
        "text/plain; charset=bogus",
    ],
)
def test_other_unreadable_bodies_are_refused_without_a_500(visitor, path, content_type):
    response = post(visitor, path, content_type, f"--xx\r\n{BODY}")
    assert response.status_code in {400, 403, 405}
    assert 'lang="de"' in response.content.decode()
