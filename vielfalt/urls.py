import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView
from django.views.i18n import JavaScriptCatalog

from core.health import healthz, readyz
from core.media import serve_media
from core.views import bench_ping
from pages.sitemaps import PageSitemap, YearReviewSitemap
from pages.views import HomeView, LatestYearReviewView, PagePreviewView, PageView, YearReviewView
from partners.sitemaps import PartnerSitemap, StaticViewSitemap
from press.sitemaps import PressSitemap
from search.views import SiteSearchView

# Error pages that never read the request body (see core.views).
handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
# A database outage noticed outside a view answers 503, like one inside (core.middleware).
handler500 = "core.views.server_error"

admin.site.site_header = _("Vielfalt verbindet – Redaktion")
admin.site.site_title = _("Vielfalt verbindet – Redaktion")
admin.site.index_title = _("Inhalte verwalten")

# One entry per app; /sitemap.xml lists them all.
sitemaps = {
    "static": StaticViewSitemap,
    "partners": PartnerSitemap,
    "press": PressSitemap,
    "pages": PageSitemap,
    "years": YearReviewSitemap,
}

urlpatterns = [
    path("sitemap.xml", require_safe(sitemap), {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
    # The rich-text editor's own translations (its dialogs), for the admin's change forms.
    path(
        "admin/jsi18n/editor/",
        JavaScriptCatalog.as_view(packages=["django_prose_editor"]),
        name="richtext-jsi18n",
    ),
    path("admin/", admin.site.urls),
    # Answered by core.health.HealthCheckMiddleware first (any Host); here for reverse().
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]

if settings.BENCH_REFERENCE_VIEW:
    # Only for `make bench`: the minimal view every page is compared with.
    urlpatterns += [path("bench/ping/", bench_ping, name="bench-ping")]

# The public site: German at /, English under /en/ (the same paths with a prefix).
urlpatterns += i18n_patterns(
    path("", HomeView.as_view(), name="home"),
    path("partner/", include("partners.urls")),
    path("presse/", include("press.urls")),
    path("", include("contact.urls")),
    path("", include("measures.urls")),
    path("suche/", SiteSearchView.as_view(), name="search"),
    path("bilanz/", LatestYearReviewView.as_view(), name="year_review_latest"),
    path("bilanz/<int:year>/", YearReviewView.as_view(), name="year_review"),
    path("vorschau/seite/<int:pk>/", PagePreviewView.as_view(), name="page_preview"),
    path("vorschau/", include("previews.urls")),
    # Staff-editable pages (imprint, privacy notice, ...) last: /<slug>/ would catch the rest.
    path("<slug:slug>/", PageView.as_view(), name="page"),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    # Small installations serve uploads from the app; larger ones let the web server do it
    # (with the same headers, see core/media.py).
    urlpatterns += [
        re_path(r"^{}(?P<path>.+)$".format(re.escape(settings.MEDIA_URL.lstrip("/"))), serve_media)
    ]
