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


PER_PROCESS_CACHES = ("django.core.cache.backends.locmem.LocMemCache",)


def production_problems(values):
    """The environment variables production mode misses, as sentences (empty: all well)."""
    problems = [
        f"{variable} must be set when DJANGO_DEBUG=0 (production mode)."
        for setting, variable in REQUIRED.items()
        if not values.get(setting)
    ]
    nodes = values.get("NODES", 1)
    caches = values.get("CACHES", {})
    if nodes > 1 and any(cache.get("BACKEND") in PER_PROCESS_CACHES for cache in caches.values()):
        problems.append(
            f"DJANGO_NODES={nodes}: several app servers need one shared cache; set "
            "DJANGO_CACHE_URL=redis://… to the same Redis on every node (else each node "
            "serves pages an edit on another made stale, and counts rate limits alone)."
        )
    return problems


def check_production(values):
    problems = production_problems(values)
    if problems:
        raise ImproperlyConfigured(" ".join(problems))
