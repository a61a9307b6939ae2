from django.urls import path

from . import views

app_name = "contact"

urlpatterns = [
    path("partner-werden/", views.PartnerRequestView.as_view(), name="partner_request"),
    path(
        "partner-werden/danke/",
        views.PartnerRequestThanksView.as_view(),
        name="partner_request_thanks",
    ),
    path(
        "partner-werden/status/<str:token>/",
        views.PartnerRequestStatusView.as_view(),
        name="partner_request_status",
    ),
    path("kontakt/", views.ContactMessageView.as_view(), name="contact_message"),
    path(
        "kontakt/danke/",
        views.ContactMessageThanksView.as_view(),
        name="contact_message_thanks",
    ),
]
