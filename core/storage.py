"""Media in S3-compatible object storage (DJANGO_STORAGE=s3): MinIO, Ceph, AWS.

Two buckets, two storages. ``PublicObjectStorage`` holds what the public pages show
(photos, renditions, press images and attachments, documents); anyone may read it through
a bucket policy, and its URLs are plain, unsigned addresses below the public media URL.
``PrivateObjectStorage`` holds files with personal data (request attachments): its bucket
has no policy, objects carry no ACL (so they stay private), and it has no URLs at all —
staff download through the admin, which reads the bytes through the storage API.

The headers a browser needs to treat a file safely are stored with the object when it is
uploaded, since the object store answers the download itself: the content type follows the
file's suffix (uploads get the suffix of their real type), anything unknown is sent as an
opaque download, documents always as a download, and public files may be cached for a year
because their names are random and never reused.
"""

from pathlib import PurePosixPath

from botocore.config import Config
from storages.backends.s3 import S3Storage

CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
}
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp"}
PUBLIC_CACHE_CONTROL = "public, max-age=31536000, immutable"
PRIVATE_CACHE_CONTROL = "private, no-store"

# Short waits, so that a stalled object store holds a request seconds, not minutes; checksums
# only where S3 requires them, since not every S3-compatible server knows the newer ones.
CLIENT_CONFIG = Config(
    connect_timeout=3,
    read_timeout=20,
    retries={"mode": "standard", "max_attempts": 3},
    request_checksum_calculation="when_required",
    response_checksum_validation="when_required",
)


def object_headers(name, cache_control):
    """The metadata stored with an object: the headers the object store answers with."""
    content_type = CONTENT_TYPES.get(PurePosixPath(name).suffix.lower(), "")
    headers = {
        "ContentType": content_type or "application/octet-stream",
        "CacheControl": cache_control,
    }
    if content_type not in INLINE_TYPES:
        headers["ContentDisposition"] = "attachment"
    return headers


class ObjectStorage(S3Storage):
    cache_control = PUBLIC_CACHE_CONTROL

    def __init__(self, **settings):
        super().__init__(**settings)
        self.client_config = self.client_config.merge(CLIENT_CONFIG)

    def get_object_parameters(self, name):
        # No "ACL": who may read is the bucket policy's business alone (README).
        return super().get_object_parameters(name) | object_headers(name, self.cache_control)


class PublicObjectStorage(ObjectStorage):
    """Public media; ``custom_domain`` (from DJANGO_S3_PUBLIC_URL) makes the URLs."""

    querystring_auth = False


class PrivateObjectStorage(ObjectStorage):
    """Request attachments: never a URL, never cached by anyone on the way."""

    cache_control = PRIVATE_CACHE_CONTROL

    def url(self, name, *args, **kwargs):
        raise ValueError("Private files have no URL; staff download them through the admin.")
