"""The test run's few differences from the settings the environment describes."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

# Hashing passwords at full strength would cost seconds across the suite and proves nothing.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The test run's state (the content version file) stays out of the checkout.
STATE_DIR = Path(tempfile.mkdtemp(prefix="vielfalt-test-state-"))
PAGE_CACHE_VERSION_FILE = STATE_DIR / "content-version"
