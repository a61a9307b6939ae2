"""Where files with personal data live: the storage alias "private" (settings.STORAGES).

On the local disk that is ``PrivateStorage`` below PRIVATE_MEDIA_ROOT; with DJANGO_STORAGE=s3
a private bucket (core.storage.PrivateObjectStorage). Neither has public URLs.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files below settings.PRIVATE_MEDIA_ROOT, read when used (so tests can move it).

    ``url()`` raises: these files are only handed out by the admin, to staff with the
    permission to view the submission they belong to.
    """

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


class _PrivateStorage(LazyObject):
    """storages["private"], looked up on first use and again after STORAGES changes (like
    Django's default_storage), so that a field bound to it follows the configuration."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = _PrivateStorage()


def get_private_storage():
    """The model fields' ``storage=`` callable: migrations record this function, not the
    backend configured on the machine that made them."""
    return private_storage


@receiver(setting_changed, dispatch_uid="contact.private_storage")
def _forget_private_storage(setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty
