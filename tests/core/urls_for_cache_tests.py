"""Extra views for the page cache tests, on top of the portal's own URLs."""

from csp.decorators import csp_update
from django.contrib import messages
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from core.cache import no_page_cache
from vielfalt.urls import urlpatterns as portal_urlpatterns

_form = engines["django"].from_string(
    '<form method="post">{% csrf_token %}<button>Senden</button></form>'
)


def form_view(request):
    return HttpResponse(_form.render({}, request))


@no_page_cache
def opted_out_view(request):
    return HttpResponse("opted out")


def message_view(request):
    messages.info(request, "Danke!")
    return HttpResponse("with a message")


def nonce_view(request):
    response = HttpResponse("with a nonce")
    response["Content-Security-Policy"] = "script-src 'nonce-abc123'"
    return response


def nonce_used_view(request):
    return HttpResponse(f'<script nonce="{request.csp_nonce}" src="/static/x.js"></script>')


@csp_update({"img-src": ["https://karten.example"]})
def own_policy_view(request):
    return HttpResponse("with a map")


def vary_view(request):
    response = HttpResponse("varies on User-Agent")
    response["Vary"] = "User-Agent"
    return response


urlpatterns = [
    path("test/formular/", form_view),
    path("test/ohne-cache/", opted_out_view),
    path("test/nachricht/", message_view),
    path("test/nonce/", nonce_view),
    path("test/vary/", vary_view),
    path("test/nonce-benutzt/", nonce_used_view),
    path("test/eigene-richtlinie/", own_policy_view),
    *portal_urlpatterns,
]
