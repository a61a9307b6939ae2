"""Work every app server process would otherwise do on its first requests, done once when
the app is loaded: with gunicorn's preload_app that is the master, and every worker it
forks (also the ones that replace workers after max_requests) starts warm.

Compiles the project's templates (the cached loader keeps them), loads the translation
catalogues and builds the URL resolver. Touches no database: connections must not be
opened before the fork.
"""

import logging
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import engines
from django.urls import reverse
from django.utils import translation

logger = logging.getLogger(__name__)
TEMPLATE_SUFFIXES = {".html", ".txt", ".xml"}


def template_names():
    """Names of the templates in the project's own folders (not Django's or the admin's)."""
    base = Path(settings.BASE_DIR).resolve()
    # The virtual environment may live inside the project folder (make install puts it there).
    installed = Path(sys.prefix).resolve()
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    folders += [Path(config.path) / "templates" for config in apps.get_app_configs()]
    names = set()
    for folder in folders:
        folder = folder.resolve()
        if not folder.is_dir() or not folder.is_relative_to(base):
            continue
        if folder.is_relative_to(installed):
            continue
        for path in folder.rglob("*"):
            name = path.relative_to(folder).as_posix()
            # The admin's overrides serve staff only; visitors' first requests never wait on them.
            if (
                path.suffix in TEMPLATE_SUFFIXES
                and path.is_file()
                and not name.startswith("admin/")
            ):
                names.add(name)
    return sorted(names)


def warm_up():
    engine = engines["django"]
    compiled = 0
    for name in template_names():
        try:
            engine.get_template(name)
            compiled += 1
        except Exception:  # noqa: BLE001 - a template that does not compile fails later, visibly
            logger.debug("Template %s not precompiled", name, exc_info=True)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Partner")
            reverse("home")
    return compiled
