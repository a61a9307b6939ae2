"""DJANGO_SETTINGS_MODULE=vielfalt.settings: the portal's settings (see base.py)."""

from .base import *  # noqa: F403
