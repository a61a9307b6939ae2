"""A body larger than the portal takes is refused from its declared length, unread."""

import io

import pytest

FIFTY_MB = 50 * 1024 * 1024


class Unreadable(io.RawIOBase):
    """A request body that fails the test when anything reads it."""

    def readable(self):
        return True

    def readinto(self, buffer):
        raise AssertionError("the body was read")


def declared(client, path, length, **extra):
    return client.generic(
        "POST",
        path,
        content_type="multipart/form-data; boundary=grenze",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": Unreadable()},
        **extra,
    )


@pytest.mark.parametrize("path", ["/partner-werden/", "/kontakt/", "/admin/login/", "/"])
def test_a_50_mb_body_is_refused_unread_with_a_german_page(client, db, path):
    response = declared(client, path, FIFTY_MB)
    html = response.content.decode()
    assert response.status_code == 413
    assert "<h1>Zu große Datei</h1>" in html and 'lang="de"' in html
    assert "höchstens 10,0" in html  # MB, as the form's help text counts it


def test_the_limit_is_one_upload_and_the_fields(client, db, settings):
    limit = settings.MAX_UPLOAD_SIZE + 1024 * 1024
    assert settings.MAX_REQUEST_SIZE == limit
    assert declared(client, "/kontakt/", limit + 1).status_code == 413


def test_editors_may_send_several_files_in_one_save(client, django_user_model, settings):
    editor = django_user_model.objects.create_user("redaktion", password="x", is_staff=True)
    client.force_login(editor)
    several = 3 * settings.MAX_UPLOAD_SIZE
    response = client.post("/admin/", data=b"", content_type="text/plain", CONTENT_LENGTH=several)
    assert response.status_code != 413
    assert declared(client, "/admin/", settings.MAX_STAFF_REQUEST_SIZE + 1).status_code == 413
