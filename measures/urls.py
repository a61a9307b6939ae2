from django.urls import path
from django.views.decorators.http import require_safe

from . import views
from .feeds import MeasuresFeed

app_name = "measures"

urlpatterns = [
    path("massnahmen/", views.MeasureListView.as_view(), name="list"),
    # Fixed paths before the measure slug; Measure.RESERVED_SLUGS keeps them free.
    path(
        "massnahmen/export.csv", views.MeasureExportView.as_view(format="csv"), name="export_csv"
    ),
    path(
        "massnahmen/export.json",
        views.MeasureExportView.as_view(format="json"),
        name="export_json",
    ),
    path("massnahmen/offene-daten/", views.MeasureOpenDataView.as_view(), name="open_data"),
    path("massnahmen/feed/", require_safe(MeasuresFeed()), name="feed"),
    path("massnahmen/vorschau/<int:pk>/", views.MeasurePreviewView.as_view(), name="preview"),
    path("massnahmen/<slug:slug>/", views.MeasureDetailView.as_view(), name="detail"),
    path("berichten/<str:token>/", views.ReportView.as_view(), name="report"),
    path("berichten/<str:token>/danke/", views.ReportThanksView.as_view(), name="report_thanks"),
]
