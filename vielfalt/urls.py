from django.conf import settings
from django.contrib import admin
from django.contrib.flatpages import views as flatpage_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from partners.views import HomeView

admin.site.site_header = _("Vielfalt verbindet – Redaktion")
admin.site.site_title = _("Vielfalt verbindet – Redaktion")
admin.site.index_title = _("Inhalte verwalten")

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("partner/", include("partners.urls")),
    path("", include("contact.urls")),
    # Staff-editable pages (django.contrib.flatpages), one explicit pattern each.
    path("datenschutz/", flatpage_views.flatpage, {"url": "/datenschutz/"}, name="privacy"),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    # Small installations serve uploads from the app; larger ones let the web server do it.
    urlpatterns += [
        re_path(
            r"^{}(?P<path>.*)$".format(settings.MEDIA_URL.lstrip("/")),
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
