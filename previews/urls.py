from django.urls import path

from . import views

app_name = "previews"

urlpatterns = [
    path("<str:token>/", views.SharedPreviewView.as_view(), name="shared"),
]
