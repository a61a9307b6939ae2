"""Views that meet a database that cannot be reached, on top of the portal's own URLs."""

from django.db import ConnectionHandler
from django.http import HttpResponse
from django.urls import path

from vielfalt.urls import handler500
from vielfalt.urls import urlpatterns as portal_urlpatterns

__all__ = ["handler500", "urlpatterns"]


def unreachable_database():
    """A real connection to a database that cannot be opened (a folder that does not
    exist): the driver raises what it raises when a database is gone."""
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "/nonexistent/vielfalt.db"}}
    )
    return handler["default"]


def query_unreachable_database(request):
    with unreachable_database().cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("unreachable")


def failing_for_another_reason(request):
    raise ValueError("not a database outage")


urlpatterns = [
    path("test/db-weg/", query_unreachable_database),
    path("test/kaputt/", failing_for_another_reason),
    *portal_urlpatterns,
]
