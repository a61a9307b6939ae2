"""Refused requests are logged as one line each: no traceback, no line the client wrote."""

import io
import logging

import pytest


@pytest.fixture
def security_log():
    """What the django.security handler writes, as the production log would get it."""
    handlers = [
        handler
        for handler in logging.getLogger("django.security").handlers
        if isinstance(handler, logging.StreamHandler) and handler.filters
    ]
    assert handlers, "django.security has its own handler"
    stream = io.StringIO()
    previous = [handler.setStream(stream) for handler in handlers]
    yield stream
    for handler, old in zip(handlers, previous, strict=True):
        handler.setStream(old)


def test_a_path_traversal_under_media_is_refused_without_a_traceback(
    client, db, settings, tmp_path, security_log
):
    settings.MEDIA_ROOT = tmp_path
    response = client.get("/media/../../etc/passwd")
    assert response.status_code == 404
    assert "Traceback" not in security_log.getvalue()


@pytest.mark.urls("tests.security.error_urls")
def test_a_path_traversal_is_one_line(client, db, security_log):
    response = client.get("/test/traversal/")
    assert response.status_code == 400
    log = security_log.getvalue()
    assert log.count("\n") == 1
    assert " ERROR django.security.SuspiciousFileOperation [" in log
    assert "Detected path traversal attempt" in log
    assert "Traceback" not in log


def test_an_unknown_host_is_one_line_even_with_line_breaks_in_it(client, db, security_log):
    response = client.get("/", HTTP_HOST="boese.example\r\nERROR gefälscht")
    assert response.status_code == 400
    log = security_log.getvalue()
    assert log.count("\n") == 1
    assert " ERROR django.security.DisallowedHost [" in log
    assert "Invalid HTTP_HOST header" in log
    assert "boese.example\\r\\nERROR gefälscht" in log
    assert "Traceback" not in log
