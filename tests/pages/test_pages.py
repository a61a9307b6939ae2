import pytest
from django.core.management import call_command
from django.urls import reverse

from pages.models import Page


@pytest.fixture
def pages(db):
    call_command("loaddata", "pages", verbosity=0)


@pytest.mark.parametrize(
    ("slug", "heading", "fact"),
    [
        ("impressum", "Impressum", "Fürstenwall 25"),
        ("barrierefreiheit", "Erklärung zur Barrierefreiheit", "Ombudsstelle"),
        ("leichte-sprache", "Leichte Sprache", "Das nennt man: interkulturelle Öffnung."),
        ("datenschutz", "Datenschutzhinweise", "Artikel 13"),
    ],
)
def test_legal_and_help_pages_render_in_the_portals_design(client, pages, slug, heading, fact):
    response = client.get(f"/{slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in html
    assert fact in html
    assert 'class="skip-link"' in html


def test_accessibility_statement_names_status_gaps_feedback_and_enforcement(client, pages):
    html = client.get(reverse("page", args=["barrierefreiheit"])).content.decode()
    for text in [
        "Stand der Vereinbarkeit",
        "Nicht barrierefreie Inhalte",
        "Feedback und Kontakt",
        "Durchsetzungsverfahren",
        'href="https://www.lbb.nrw.de/"',
    ]:
        assert text in html


def test_every_page_links_the_legal_pages_in_the_footer(client, pages):
    html = client.get(reverse("home")).content.decode()
    footer = html.split("<footer", 1)[1]
    for slug in ["impressum", "datenschutz", "barrierefreiheit", "leichte-sprache"]:
        assert f'href="/{slug}/"' in footer


def test_page_text_is_cleaned_of_scripts_and_inline_styles(db, client):
    page = Page.objects.create(
        slug="test",
        title="Test",
        content='<p style="color:red" onclick="x()">Text<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">Link</a><iframe src="https://example.org"></iframe>',
    )
    page.refresh_from_db()
    assert "style=" not in page.content and "onclick" not in page.content
    assert "<script" not in page.content and "<iframe" not in page.content
    assert "javascript:" not in page.content
    assert "<p>Text</p>" in client.get("/test/").content.decode()


def test_unpublished_and_unknown_pages_give_404(db, client):
    Page.objects.create(slug="entwurf", title="Entwurf", content="<p>x</p>", is_published=False)
    assert client.get("/entwurf/").status_code == 404
    assert client.get("/gibt-es-nicht/").status_code == 404


def test_staff_edit_pages_in_the_admin(admin_client, pages):
    page = Page.objects.get(slug="impressum")
    response = admin_client.get(reverse("admin:pages_page_change", args=[page.pk]))
    assert response.status_code == 200
    response = admin_client.post(
        reverse("admin:pages_page_change", args=[page.pk]),
        {
            "slug": "impressum",
            "title": "Impressum",
            "description": "",
            "content": "<p>Neu</p>",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    assert "<p>Neu</p>" in client_text(admin_client, "/impressum/")


def client_text(client, url):
    return client.get(url).content.decode()


def test_sitemap_lists_published_pages(client, pages):
    Page.objects.filter(slug="leichte-sprache").update(is_published=False)
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/impressum/</loc>" in xml
    assert "leichte-sprache" not in xml
