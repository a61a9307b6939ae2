from django.urls import path
from django.views.decorators.http import require_safe

from . import views
from .feeds import NewPartnersFeed

app_name = "partners"

urlpatterns = [
    path("", views.PartnerListView.as_view(), name="list"),
    # Fixed paths before the partner slug; Partner.RESERVED_SLUGS keeps them free.
    path("export.csv", views.PartnerExportView.as_view(format="csv"), name="export_csv"),
    path("export.json", views.PartnerExportView.as_view(format="json"), name="export_json"),
    path("statistik/", views.PartnerStatisticsView.as_view(), name="statistics"),
    path("karte/", views.PartnerMapView.as_view(), name="map"),
    path("offene-daten/", views.OpenDataView.as_view(), name="open_data"),
    path("feed/", require_safe(NewPartnersFeed()), name="feed"),
    path("<slug:slug>/", views.PartnerDetailView.as_view(), name="detail"),
    path("vorschau/<int:pk>/", views.PartnerPreviewView.as_view(), name="preview"),
]
