"""
WSGI config for vielfalt project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vielfalt.settings")

application = get_wsgi_application()

# Compile templates, load translations and URLs once here, not in every worker's first requests.
from vielfalt.warmup import warm_up  # noqa: E402 - needs the configured app

warm_up()
