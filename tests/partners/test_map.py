"""The map of the Regierungsbezirke at /partner/karte/: numbers on the map, in the table and
in the directory agree; the outline is the committed one; nothing depends on colour alone."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.urls import reverse

from partners import nrwmap
from partners.management.commands import build_nrw_map
from partners.models import Region

URL = reverse("partners:map")
SVG = "{http://www.w3.org/2000/svg}"
DISTRICTS = ["arnsberg", "detmold", "duesseldorf", "koeln", "muenster"]


def region_map_svg(html):
    markup = re.search(r'<svg class="region-map".*?</svg>', html, flags=re.S).group(0)
    return ET.fromstring(markup)


def map_numbers(html):
    """{directory URL: partners} read from the map's links and the labels drawn on it."""
    svg = region_map_svg(html)
    labels = [
        [span.text for span in text.iter(f"{SVG}tspan")]
        for text in svg.iter(f"{SVG}text")
        if text.get("class") == "region-map-label"
    ]
    links = [link.get("href") for link in svg.iter(f"{SVG}a")]
    assert len(links) == len(labels) == 5
    return {link: int(lines[1].split()[0]) for link, lines in zip(links, labels, strict=True)}


def directory_count(client, url):
    html = client.get(url).content.decode()
    return int(re.search(r'id="result-title"[^>]*>\s*(\d+) Partner gefunden', html).group(1))


def test_the_numbers_on_the_map_equal_the_directory_counts(client, seed):
    numbers = map_numbers(client.get(URL).content.decode())
    assert sorted(numbers) == sorted(f"/partner/?region={code}" for code in DISTRICTS)
    for url, count in numbers.items():
        assert count == directory_count(client, url), url
    assert sum(numbers.values()) > 0


def test_each_district_is_a_named_link_shaded_with_its_number_written_on_it(client, make_partner):
    for _ in range(3):
        make_partner(region="koeln")
    make_partner(region="arnsberg")
    make_partner(region="koeln", is_published=False)
    html = client.get(URL).content.decode()
    svg = region_map_svg(html)
    links = {link.get("href"): link for link in svg.iter(f"{SVG}a")}
    koeln = links["/partner/?region=koeln"]
    assert koeln.get("aria-label") == (
        "3 Partner, 0 Maßnahmen im Regierungsbezirk Köln – im Verzeichnis anzeigen"
    )
    shades = {href: link.find(f"{SVG}path").get("fill") for href, link in links.items()}
    assert shades["/partner/?region=koeln"] == nrwmap.SHADES[3]
    assert shades["/partner/?region=arnsberg"] == nrwmap.SHADES[1]
    assert shades["/partner/?region=detmold"] == nrwmap.SHADES[0]
    assert map_numbers(html)["/partner/?region=koeln"] == 3
    assert "Karte der fünf Regierungsbezirke. Arnsberg: 1 Partner, 0 Maßnahmen;" in html


def test_the_legend_names_the_range_of_each_shade(client, make_partner):
    for _ in range(7):
        make_partner(region="muenster")
    html = client.get(URL).content.decode()
    legend = re.search(r'<ul class="region-map-legend.*?</ul>', html, flags=re.S).group(0)
    texts = [re.sub(r"<[^>]+>", "", item).strip() for item in legend.split("<li>")[1:]]
    assert texts == ["0 Partner", "1 bis 3 Partner", "4 bis 6 Partner", "7 Partner"]


def test_partners_of_several_districts_or_the_whole_state_stand_beside_the_map(
    client, make_partner
):
    make_partner(region=Region.STATEWIDE)
    make_partner(region=Region.STATEWIDE)
    make_partner(region=Region.SEVERAL)
    make_partner(region="")
    html = client.get(URL).content.decode()
    svg_links = [link.get("href") for link in region_map_svg(html).iter(f"{SVG}a")]
    assert "/partner/?region=landesweit" not in svg_links
    table = re.search(r'<table class="table table-sm region-map-table.*?</table>', html, re.S)
    rows = re.findall(
        r"<tr><th scope=\"row\">(.*?)</th><td class=\"text-end\">(\d+)</td>", table[0]
    )
    rows = {re.sub(r"<[^>]+>", "", label): int(count) for label, count in rows}
    assert rows == {
        "Arnsberg": 0,
        "Detmold": 0,
        "Düsseldorf": 0,
        "Köln": 0,
        "Münster": 0,
        "mehrere Regierungsbezirke": 1,
        "landesweit": 2,
        "ohne Angabe": 1,
        "Zusammen": 4,
    }
    assert '<a href="/partner/?region=landesweit">landesweit</a>: 2 Partner' in html


def test_further_counts_registered_by_other_apps_appear_on_the_map_and_in_the_table(
    client, make_partner, monkeypatch
):
    make_partner(region="detmold")
    monkeypatch.setattr(nrwmap, "region_counts", [])
    nrwmap.add_region_count(
        nrwmap.RegionCount(
            heading="Maßnahmen",
            count=lambda: {"detmold": 4},
            label=lambda number: f"{number} Maßnahmen",
        )
    )
    html = client.get(URL).content.decode()
    assert '<th scope="col" class="text-end">Maßnahmen</th>' in html
    assert "1 Partner, 4 Maßnahmen im Regierungsbezirk Detmold" in html
    assert ">4 Maßnahmen</tspan>" in html


def test_the_page_needs_no_style_attribute_and_no_script(client, seed):
    html = client.get(URL).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert " style=" not in main
    assert "<script" not in main


def test_the_map_links_from_the_statistics_page_and_the_directory(client, seed):
    for page in (reverse("partners:statistics"), reverse("partners:list")):
        assert f'href="{URL}"' in client.get(page).content.decode(), page


def test_the_committed_geometry_is_what_the_command_makes_of_the_outline(tmp_path, monkeypatch):
    target = tmp_path / "nrw_map.json"
    monkeypatch.setattr(build_nrw_map, "TARGET", target)
    call_command("build_nrw_map", stdout=open(tmp_path / "out.txt", "w"))  # noqa: SIM115
    assert json.loads(target.read_text()) == nrwmap.outlines()
    assert len(nrwmap.MAP_DATA.read_bytes()) < 20_000


def test_neighbouring_districts_share_their_simplified_border():
    border = [(10, 0), (10.2, 2), (11, 4), (10.3, 6), (9.8, 8), (10, 10)]
    rings = [
        [(0, 0), *border, (0, 10)],
        [(20, 0), (20, 10), *reversed(border)],
    ]
    first, second = build_nrw_map.simplify_shared(rings, 0.5)
    first_border = [point for point in first if point in border]
    second_border = [point for point in second if point in border]
    assert 2 < len(first_border) < len(border)
    assert sorted(first_border) == sorted(second_border)


@pytest.mark.parametrize("code", DISTRICTS)
def test_every_district_has_an_outline_and_a_label_inside_the_drawing(code):
    data = nrwmap.outlines()
    shape = data["regions"][code]
    assert shape["path"].startswith("M") and shape["path"].endswith("Z")
    x, y = shape["label"]
    assert 0 < x < data["width"] and 0 < y < data["height"]
