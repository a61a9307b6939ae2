from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared code without a domain: uploads, images, text, pagination, caches, search."""

    name = "core"
    verbose_name = _("Portal")

    def ready(self):
        from . import images  # noqa: F401 - renditions leave with their original
        from .cache import connect_content_signals

        connect_content_signals()
