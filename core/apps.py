from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _
from django_cleanup import cleanup
from django_cleanup.apps import CleanupConfig


class CoreConfig(AppConfig):
    """Shared code without a domain: uploads, images, text, pagination, caches, search."""

    name = "core"
    verbose_name = _("Portal")

    def ready(self):
        from django.conf import settings
        from django.db.backends.signals import connection_created

        from .cache import connect_content_signals
        from .failfast import install_log_filter
        from .search import register_sqlite_functions

        connect_content_signals()
        connection_created.connect(register_sqlite_functions)
        install_log_filter(getattr(settings, "DJANGO_REDIS_LOGGER", "django_redis.cache"))


class FileCleanupConfig(CleanupConfig):
    """django-cleanup for the files no version refers to.

    A replaced or deleted file of a model kept in versions (django-reversion) stays in the
    storage: restoring an earlier version brings its photo or PDF back. Those files are
    removed by ``manage.py purge_unused_files`` once neither a row nor a kept version names
    them. Files of other models (request attachments) leave at once, as django-cleanup does.
    Listed last in INSTALLED_APPS: the admin has registered the versioned models by then.
    """

    def ready(self):
        import reversion

        for model in apps.get_models():
            if reversion.is_registered(model):
                cleanup.ignore(model)
        super().ready()
