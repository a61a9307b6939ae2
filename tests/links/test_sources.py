"""Which addresses count as external links, and where each one is used."""

from django.urls import reverse

from links.models import CheckedLink, LinkUse, Result
from links.sources import external_url
from pages.models import Page
from partners.models import Link

BODY = """
<p>Mehr beim <a href="https://www.example.org/integration">Land</a>, in
<a href="HTTP://Kommune.Example.ORG/amt?a=1&amp;b=2#kontakt">der Kommune</a> und
<a href="//cdn.example.net/broschuere.pdf">als PDF</a>.</p>
<ul>
  <li><a href="/partner/">alle Partner</a></li>
  <li><a href="kontakt/">Kontakt (relativ)</a></li>
  <li><a href="#oben">nach oben</a></li>
  <li><a href="mailto:info@example.org">E-Mail</a></li>
  <li><a href="tel:+492111234">Telefon</a></li>
  <li><a href="https://vielfalt.example/impressum/">unser Impressum</a></li>
  <li><a href="https://www.vielfalt.example/presse/">unsere Presse</a></li>
  <li><a>ohne Ziel</a></li>
  <li><a href="https://www.example.org/integration">dasselbe noch einmal</a></li>
</ul>
"""


def test_external_links_in_a_page_body(db):
    page = Page.objects.create(slug="hinweise", title="Hinweise", content=BODY)
    # The protocol-relative link never reaches the database: the rich-text allow-list
    # (core.richtext) drops "//host" addresses when the page is saved.
    assert CheckedLink.objects.collect() == 2
    assert set(CheckedLink.objects.values_list("url", flat=True)) == {
        "https://www.example.org/integration",
        "http://kommune.example.org/amt?a=1&b=2",
    }
    # One use per address and page, however often the page repeats it.
    uses = LinkUse.objects.filter(link__url="https://www.example.org/integration")
    assert [(use.object_id, use.field_label, use.admin_url()) for use in uses] == [
        (page.pk, "Inhalt", reverse("admin:pages_page_change", args=[page.pk]))
    ]


def test_only_absolute_http_addresses_of_other_sites_count():
    assert external_url(" https://example.org ") == "https://example.org/"
    assert external_url("ftp://example.org/datei") is None
    assert external_url("javascript:alert(1)") is None
    assert external_url("https://[::1") is None
    assert external_url("https://") is None
    assert external_url("https://example.org/" + "x" * 2000) is None


def test_one_address_used_in_several_places(make_partner, make_release):
    partner = make_partner(name="Stadt Musterhausen", website="https://musterhausen.example/")
    Link.objects.create(
        partner=partner,
        label="Bericht",
        url="https://musterhausen.example/",
        kind=Link.Kind.PARTNER_PRESS,
    )
    release = make_release(
        title="Neue Partnerin", body='<p><a href="https://musterhausen.example/">Stadt</a></p>'
    )
    CheckedLink.objects.collect()

    link = CheckedLink.objects.get()
    assert sorted((use.object_label, use.field_label) for use in link.uses.all()) == [
        ("Neue Partnerin", "Text"),
        ("Stadt Musterhausen", "Links"),
        ("Stadt Musterhausen", "Website"),
    ]
    assert {use.admin_url() for use in link.uses.all()} == {
        reverse("admin:partners_partner_change", args=[partner.pk]),
        reverse("admin:press_pressrelease_change", args=[release.pk]),
    }


def test_collecting_again_keeps_results_and_drops_unused_addresses(make_partner):
    kept = make_partner(website="https://bleibt.example/")
    gone = make_partner(website="https://geht.example/")
    CheckedLink.objects.collect()
    CheckedLink.objects.filter(url="https://bleibt.example/").update(
        result=Result.BROKEN, status_code=404, consecutive_failures=2
    )
    gone.website = ""
    gone.save()
    kept.website = "https://bleibt.example/#start"
    kept.save()

    assert CheckedLink.objects.collect() == 1
    link = CheckedLink.objects.get()
    assert (link.url, link.result, link.consecutive_failures) == (
        "https://bleibt.example/",
        Result.BROKEN,
        2,
    )
    assert LinkUse.objects.count() == 1
