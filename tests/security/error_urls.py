"""The portal's URLs plus views that fail on purpose, for the error page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousFileOperation, SuspiciousOperation
from django.urls import path

from partners.models import Partner
from vielfalt.urls import handler400, handler403, handler404, handler500  # noqa: F401
from vielfalt.urls import urlpatterns as portal_urlpatterns


def server_error(request):
    raise RuntimeError("Absichtlicher Fehler für den Test")


def database_down(request):
    Partner.objects.count()  # the database is blocked in the test: this raises


def forbidden(request):
    raise PermissionDenied


def bad_request(request):
    raise SuspiciousOperation("Absichtlich ungültige Anfrage")


def path_traversal(request):
    raise SuspiciousFileOperation("Detected path traversal attempt in '../../etc/passwd'")


urlpatterns = [
    path("test/traversal/", path_traversal),
    path("test/500/", server_error),
    path("test/datenbank/", database_down),
    path("test/403/", forbidden),
    path("test/400/", bad_request),
    *portal_urlpatterns,
]
