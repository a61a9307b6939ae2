"""The test run's few differences from the settings the environment describes."""

from .base import *  # noqa: F403

# Hashing passwords at full strength would cost seconds across the suite and proves nothing.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
