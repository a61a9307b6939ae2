"""/sitemap.xml and /robots.txt, and the partner slugs they must not collide with."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.urls import resolve, reverse

from partners.models import Partner

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }


def test_sitemap_lists_published_partners_with_lastmod_and_no_drafts(client, make_partner):
    partner = make_partner()
    draft = make_partner(is_published=False)
    Partner.objects.filter(pk=partner.pk).update(
        updated_at=datetime.datetime(2024, 3, 5, 10, tzinfo=datetime.UTC)
    )
    urls = sitemap(client)
    assert urls[f"http://testserver{partner.get_absolute_url()}"] == "2024-03-05"
    assert f"http://testserver{draft.get_absolute_url()}" not in urls


def test_sitemap_lists_the_portals_own_pages(client, make_partner):
    make_partner()
    urls = sitemap(client)
    for name in (
        "home",
        "partners:list",
        "partners:statistics",
        "partners:map",
        "partners:open_data",
    ):
        assert f"http://testserver{reverse(name)}" in urls
    # Pages that show partners change when a partner changes.
    assert urls["http://testserver/partner/"] == urls["http://testserver/partner/statistik/"]
    assert urls["http://testserver/partner/"] == urls["http://testserver/partner/karte/"]
    assert urls["http://testserver/partner/"] is not None


def test_sitemap_query_count_does_not_grow_with_the_number_of_partners(
    client, make_partner, django_assert_num_queries
):
    for count in (3, 57):
        for _ in range(count):
            make_partner()
        # Partners, press, pages, the partners' last change, and the yearly summaries'
        # years (partners', measures', press items' and introductions' years: content just
        # changed).
        with django_assert_num_queries(8):
            assert client.get("/sitemap.xml").status_code == 200


def test_robots_txt_allows_all_but_the_admin_and_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert [line for line in lines if line.startswith("Disallow")] == ["Disallow: /admin/"]
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_robots_txt_names_the_host_it_was_asked_for(client, db, settings):
    settings.ALLOWED_HOSTS = ["vielfalt.example"]
    response = client.get("/robots.txt", HTTP_HOST="vielfalt.example", secure=True)
    assert "Sitemap: https://vielfalt.example/sitemap.xml" in response.content.decode()


@pytest.mark.parametrize(
    "path", ["statistik", "offene-daten", "feed", "export.csv", "export.json"]
)
def test_fixed_paths_under_partner_win_over_slugs(path):
    assert resolve(f"/partner/{path}" + ("" if "." in path else "/")).url_name != "detail"


@pytest.mark.parametrize("slug", sorted(Partner.RESERVED_SLUGS))
def test_reserved_slugs_are_refused_for_partners(make_partner, slug):
    partner = make_partner()
    partner.slug = slug
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "reserviert" in str(error.value.message_dict["slug"])
