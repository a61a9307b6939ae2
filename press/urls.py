from django.urls import path
from django.views.decorators.http import require_safe

from . import feeds, views

app_name = "press"

urlpatterns = [
    path("", views.PressListView.as_view(), name="list"),
    path("mitteilungen/", views.ReleaseIndexView.as_view(), name="releases"),
    path("mitteilungen/<slug:slug>/", views.PressReleaseDetailView.as_view(), name="release"),
    path("termine/", views.NoticeListView.as_view(), name="notices"),
    path("termine.ics", views.notices_ics, name="notices_ics"),
    path("termine/<slug:slug>/", views.EventNoticeDetailView.as_view(), name="notice"),
    path("termine/<slug:slug>.ics", views.notice_ics, name="notice_ics"),
    path("feed/", require_safe(feeds.PressFeed()), name="feed"),
    path("atom/", require_safe(feeds.PressAtomFeed()), name="atom"),
    path(
        "vorschau/mitteilungen/<int:pk>/",
        views.PressReleasePreviewView.as_view(),
        name="release_preview",
    ),
    path(
        "vorschau/termine/<int:pk>/",
        views.EventNoticePreviewView.as_view(),
        name="notice_preview",
    ),
]
