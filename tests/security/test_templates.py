"""The templates carry no inline script or style, so the strict CSP never blocks our pages.

Scans every template of the project (templates/ and the apps' own template folders) as
text. Allowed: <script src=...> files and data blocks (application/ld+json,
application/json) that browsers never execute.
"""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}

TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
ATTRIBUTE = re.compile(r"""\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")


def project_templates():
    base = Path(settings.BASE_DIR)
    folders = [Path(folder) for config in settings.TEMPLATES for folder in config["DIRS"]]
    folders += [
        Path(app.path) / "templates"
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(base)
        and "site-packages" not in Path(app.path).parts  # a virtualenv inside the checkout
        and (Path(app.path) / "templates").is_dir()
    ]
    return sorted(
        path
        for folder in folders
        for path in folder.rglob("*")
        if path.suffix in {".html", ".txt", ".xml"}
    )


def inline_code(text):
    """Every inline script, style or event handler in a template's text."""
    problems = []
    for match in TAG.finditer(text):
        tag, attributes = match.group(1).lower(), match.group(2)
        found = {name.lower(): value.strip("\"'") for name, value in ATTRIBUTE.findall(attributes)}
        if tag == "script" and "src" not in found:
            if found.get("type", "").lower() not in DATA_SCRIPT_TYPES:
                problems.append(f"inline <script>: {match.group(0)}")
        if tag == "style":
            problems.append(f"<style> block: {match.group(0)}")
        for name, value in found.items():
            if name == "style":
                problems.append(f"style attribute: {match.group(0)}")
            if re.fullmatch(r"on[a-z]+", name):
                problems.append(f"event handler {name}: {match.group(0)}")
            if value.strip().lower().startswith("javascript:"):
                problems.append(f"javascript: URL: {match.group(0)}")
    return problems


TEMPLATES = project_templates()


def test_the_scan_finds_the_templates():
    names = {path.name for path in TEMPLATES}
    assert {"base.html", "404.html", "500.html", "partner_detail.html"} <= names


@pytest.mark.parametrize(
    "path", TEMPLATES, ids=lambda path: str(path.relative_to(settings.BASE_DIR))
)
def test_template_has_no_inline_script_or_style(path):
    assert inline_code(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("<script>alert(1)</script>", "inline <script>"),
        ('<script type="module">import "x";</script>', "inline <script>"),
        ('<p style="color: red">', "style attribute"),
        ("<STYLE>p{}</STYLE>", "<style> block"),
        ('<button type="button" onclick="go()">', "event handler onclick"),
        ("<a href='javascript:void(0)'>", "javascript: URL"),
        ('<img src="x.png" alt="" onerror="boom()">', "event handler onerror"),
    ],
)
def test_the_scan_catches_inline_code(snippet, expected):
    assert inline_code(snippet)[0].startswith(expected)


@pytest.mark.parametrize(
    "snippet",
    [
        "<script src=\"{% static 'js/site.js' %}\" defer></script>",
        '<script type="application/ld+json">{"@type": "Organization"}</script>',
        '<p class="lead">Die Partner{% if x > 1 %} online{% endif %}</p>',
        "<p>Kontakt über das Formular; Stil= und onboarding= sind hier nur Text.</p>",
        '<a href="{% url \'home\' %}" data-style="x">Start</a>',
    ],
)
def test_the_scan_allows_files_data_and_text(snippet):
    assert inline_code(snippet) == []
