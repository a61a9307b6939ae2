"""What production mode (DJANGO_DEBUG=0) requires before the portal may start.

A plain function over the computed settings, so that tests call it directly with any values
instead of starting a process with other environment variables.
"""

from django.core.exceptions import ImproperlyConfigured

REQUIRED = {
    "SECRET_KEY": "DJANGO_SECRET_KEY",
    "ALLOWED_HOSTS": "DJANGO_ALLOWED_HOSTS",
    "DEFAULT_FROM_EMAIL": "DJANGO_DEFAULT_FROM_EMAIL",
    "CONTACT_NOTIFY_EMAILS": "DJANGO_CONTACT_NOTIFY_EMAILS",
}


def production_problems(values):
    """The environment variables production mode misses, as sentences (empty: all well)."""
    return [
        f"{variable} must be set when DJANGO_DEBUG=0 (production mode)."
        for setting, variable in REQUIRED.items()
        if not values.get(setting)
    ]


def check_production(values):
    problems = production_problems(values)
    if problems:
        raise ImproperlyConfigured(" ".join(problems))
