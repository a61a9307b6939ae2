"""Optional error tracking with sentry-sdk (pip install ".[sentry]")."""

import logging

logger = logging.getLogger("core.sentry")


def init_sentry(dsn, environment="production"):
    """Start sentry-sdk for ``dsn``; returns False (with a warning) when it is missing.

    No personal data is sent (``send_default_pii=False``): no IP addresses, no cookies, no
    form contents, in line with the portal's privacy notice.
    """
    try:
        import sentry_sdk
    except ImportError:
        logger.warning(
            "SENTRY_DSN is set, but sentry-sdk is not installed (pip install '.[sentry]'); "
            "errors are only logged and mailed."
        )
        return False
    sentry_sdk.init(dsn=dsn, environment=environment, send_default_pii=False)
    return True
