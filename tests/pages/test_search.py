import pytest
from django.db import connection
from django.urls import reverse

from core.search import excerpt


def search(client, query):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return response


def test_one_result_list_grouped_by_kind(client, seed):
    response = search(client, "Städtepartnerschaften")
    groups = {str(group["title"]): group["results"] for group in response.context["groups"]}
    assert [item.slug for item in groups["Presse"]] == [
        "klute-integration-durch-staedtepartnerschaften"
    ]
    html = response.content.decode()
    assert "<mark>Städtepartnerschaften</mark>" in html


def test_partners_and_pages_are_found(client, seed):
    partner_groups = search(client, "Schneeloch").context["groups"]
    assert [str(g["title"]) for g in partner_groups] == ["Partner"]
    assert partner_groups[0]["results"][0].slug == "landessportbund-nrw"
    page_groups = search(client, "Ombudsstelle").context["groups"]
    assert [str(g["title"]) for g in page_groups] == ["Seiten"]
    assert page_groups[0]["results"][0].slug == "barrierefreiheit"


def test_drafts_and_unpublished_content_are_not_found(client, seed):
    from partners.models import Partner

    Partner.objects.filter(slug="landessportbund-nrw").unpublish()
    assert search(client, "Schneeloch").context["groups"] == []
    assert "nichts gefunden" in search(client, "Schneeloch").content.decode()


def test_empty_and_garbage_queries_never_fail(client, seed):
    assert search(client, "").context["groups"] == []
    for query in ["x" * 5000, "<script>alert(1)</script>", "\x00", "'\"%_", "a & | ! :*"]:
        html = search(client, query).content.decode()
        assert "<script>alert(1)</script>" not in html


def test_excerpt_escapes_text_and_marks_every_hit():
    text = "<p>Vielfalt &amp; Klute: <b>Klute</b> sagt</p>"
    result = excerpt("1 < 2 & Klute und klute", "klute")
    assert result == "1 &lt; 2 &amp; <mark>Klute</mark> und <mark>klute</mark>"
    assert "<b>" not in excerpt(text, "Klute")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="German stemming needs PostgreSQL full-text search"
)
def test_postgresql_finds_inflected_forms(client, seed):
    groups = search(client, "Städtepartnerschaft").context["groups"]
    assert [str(group["title"]) for group in groups] == ["Presse"]
