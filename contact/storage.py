"""Where files with personal data live: outside MEDIA_ROOT, without a public URL."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


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


private_storage = PrivateStorage()
