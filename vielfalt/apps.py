from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VielfaltConfig(AppConfig):
    """The project package as an app: wires project-wide signal receivers."""

    name = "vielfalt"
    verbose_name = _("Portal")

    def ready(self):
        from .cache import connect_content_signals

        connect_content_signals()
