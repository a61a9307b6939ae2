import datetime
import xml.etree.ElementTree as ET

from django.utils import timezone

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {url.findtext("s:loc", namespaces=NS) for url in root.findall("s:url", NS)}


def test_sitemap_lists_due_press_items_only(client, make_release, make_notice):
    release = make_release()
    notice = make_notice()
    draft = make_release(is_published=False)
    scheduled = make_notice(publish_at=timezone.now() + datetime.timedelta(days=1))
    locations = sitemap_locations(client)
    assert f"http://testserver{release.get_absolute_url()}" in locations
    assert f"http://testserver{notice.get_absolute_url()}" in locations
    assert f"http://testserver{draft.get_absolute_url()}" not in locations
    assert f"http://testserver{scheduled.get_absolute_url()}" not in locations
    assert "http://testserver/presse/" in locations
    assert "http://testserver/presse/termine/" in locations
