"""Request ids in responses and log lines; the text and JSON log formats on stdout."""

import io
import json
import logging
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings

from core.request_id import current_request_id, request_id_from

ISO_TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d"


@pytest.fixture
def captured_log():
    """The console handler's own formatter and filters, writing into a string."""
    console = next(h for h in logging.getLogger("django").handlers if h.name == "console")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(console.formatter)
    for log_filter in console.filters:
        handler.addFilter(log_filter)
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)


@pytest.mark.django_db
def test_a_safe_incoming_request_id_is_kept_in_response_and_log(client, captured_log):
    response = client.get("/gibt-es-nicht/", HTTP_X_REQUEST_ID="lb-7f3a.2_x")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "lb-7f3a.2_x"
    line = captured_log.getvalue().strip().splitlines()[0]
    assert re.fullmatch(
        ISO_TIME + r" WARNING django\.request \[lb-7f3a\.2_x\] Not Found: /gibt-es-nicht/", line
    ), line


@pytest.mark.parametrize(
    "incoming",
    ["", "a b", "x" * 65, "id\nFAKE LOG LINE", 'id"quote', "ü", "a/b"],
)
def test_an_unsafe_or_missing_request_id_is_replaced(incoming):
    generated = request_id_from(incoming)
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    assert generated != request_id_from(incoming)


@pytest.mark.django_db
def test_every_response_gets_a_request_id(client):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/", HTTP_X_REQUEST_ID="bad id")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert re.fullmatch(r"[0-9a-f]{32}", second)
    assert first != second
    assert client.get("/healthz")["X-Request-ID"]
    assert current_request_id() == "-"  # cleared when the response was closed


def _log_line_from_a_fresh_process(**env):
    """Start Django as production does and log one warning outside a request."""
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('vielfalt.probe').warning('Probe %s', 'ä')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "vielfalt.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = [line for line in result.stdout.splitlines() if "vielfalt.probe" in line]
    assert len(lines) == 1, result.stdout + result.stderr
    return lines[0]


def test_text_log_lines_on_stdout():
    line = _log_line_from_a_fresh_process(DJANGO_LOG_FORMAT="text")
    assert re.fullmatch(ISO_TIME + r" WARNING vielfalt\.probe \[-\] Probe ä", line), line


def test_json_log_lines_on_stdout():
    entry = json.loads(_log_line_from_a_fresh_process(DJANGO_LOG_FORMAT="json"))
    assert re.fullmatch(ISO_TIME, entry.pop("time"))
    assert entry == {
        "level": "WARNING",
        "logger": "vielfalt.probe",
        "request_id": "-",
        "message": "Probe ä",
    }


@pytest.mark.django_db
def test_json_lines_carry_the_request_id(client):
    from core.log import JsonFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    console = next(h for h in logging.getLogger("django").handlers if h.name == "console")
    for log_filter in console.filters:
        handler.addFilter(log_filter)
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client.get("/gibt-es-nicht/", HTTP_X_REQUEST_ID="req-42")
    finally:
        logger.removeHandler(handler)
    entry = json.loads(stream.getvalue().splitlines()[0])
    assert entry["request_id"] == "req-42"
    assert entry["status_code"] == 404
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "django.request"


def test_admins_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.ADMINS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "vielfalt.settings",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_ADMINS": "Ada Admin <ada@example.org>, ops@example.org",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == (
        "[('Ada Admin', 'ada@example.org'), ('ops@example.org', 'ops@example.org')]"
    )


def test_errors_are_mailed_to_admins_in_production(settings, mailoutbox):
    settings.DEBUG = False
    settings.ADMINS = [("Ops", "ops@example.org")]
    logging.getLogger("django.request").error("Internal Server Error: /x")
    assert [mail.to for mail in mailoutbox] == [["ops@example.org"]]
    assert "Internal Server Error: /x" in mailoutbox[0].subject


def test_without_sentry_sdk_a_warning_and_no_failure(monkeypatch, caplog):
    from core.sentry import init_sentry

    monkeypatch.setitem(sys.modules, "sentry_sdk", None)  # as if not installed
    with caplog.at_level(logging.WARNING, logger="core.sentry"):
        assert init_sentry("https://key@sentry.invalid/1") is False
    assert "sentry-sdk is not installed" in caplog.text
