from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "previews"
    verbose_name = _("Vorschau-Links")
