from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared code without a domain: uploads, images, text, pagination, caches, search."""

    name = "core"
    verbose_name = _("Portal")

    def ready(self):
        from django.conf import settings
        from django.db.backends.signals import connection_created

        from . import images  # noqa: F401 - renditions leave with their original
        from .cache import connect_content_signals
        from .failfast import install_log_filter
        from .search import register_sqlite_functions

        connect_content_signals()
        connection_created.connect(register_sqlite_functions)
        install_log_filter(getattr(settings, "DJANGO_REDIS_LOGGER", "django_redis.cache"))
