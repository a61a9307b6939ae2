from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared code without a domain: uploads, images, text, pagination, caches, search."""

    name = "core"
    verbose_name = _("Portal")

    def ready(self):
        from django.db.backends.signals import connection_created

        from .cache import connect_content_signals
        from .search import register_sqlite_functions

        connect_content_signals()
        connection_created.connect(register_sqlite_functions)
