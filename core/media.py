"""Uploaded files served by the app itself (DJANGO_SERVE_MEDIA), never as a page or script.

Only the suffixes an upload can be stored under (``core.uploads.MEDIA_TYPES``) are served,
each with its real type; everything else is a 404, and folders are never listed. Every
answer forbids the browser to guess the type (``nosniff``) and puts the file in a sandbox
without any permission (``Content-Security-Policy``), so that even a file that got into the
media folder some other way can never run script on the portal's origin. PDFs are downloads
(``Content-Disposition: attachment``), images are shown. The files are read through the
storage API, so the view works the same with object storage.

A web server that serves MEDIA_ROOT itself must send the same headers (README, "Uploads").
"""

import posixpath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from .cache import no_page_cache
from .uploads import MEDIA_TYPES

DOCUMENT_POLICY = "sandbox; default-src 'none'"
IMAGE_POLICY = "sandbox; default-src 'none'; img-src 'self'"


def media_headers(suffix):
    """The headers every media answer carries, by the file's suffix (lower case)."""
    is_image = MEDIA_TYPES[suffix].startswith("image/")
    return {
        "Content-Type": MEDIA_TYPES[suffix],
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": IMAGE_POLICY if is_image else DOCUMENT_POLICY,
    }


@require_safe
@no_page_cache
def serve_media(request, path):
    name = posixpath.normpath(path)
    suffix = posixpath.splitext(name)[1]
    if (
        suffix not in MEDIA_TYPES
        or name != path
        or name.startswith(("/", "../"))
        or "\\" in name
        or "\x00" in name
    ):
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except (OSError, SuspiciousFileOperation) as error:  # missing, a folder, outside the root
        raise Http404 from error
    headers = media_headers(suffix)
    return FileResponse(
        handle,
        as_attachment=not headers["Content-Type"].startswith("image/"),
        filename=posixpath.basename(name),
        headers=headers,
    )
