"""Where uploads live: the local disk, or S3-compatible object storage (DJANGO_STORAGE=s3).

A plain function over the values base.py read from the environment, so that tests build
the same configuration against their own S3 server.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

LOCAL = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "contact.storage.PrivateStorage"},
}


def media_storages(
    kind="local",
    *,
    bucket="",
    private_bucket="",
    endpoint_url="",
    access_key="",
    secret_key="",
    region="",
    public_url="",
):
    """The STORAGES entries "default" (public media) and "private" (request attachments)."""
    kind = (kind or "local").strip().lower()
    if kind == "local":
        return {alias: dict(entry) for alias, entry in LOCAL.items()}
    if kind != "s3":
        raise ImproperlyConfigured("DJANGO_STORAGE must be 'local' or 's3'.")
    missing = [
        variable
        for variable, value in (
            ("DJANGO_S3_BUCKET", bucket),
            ("DJANGO_S3_PRIVATE_BUCKET", private_bucket),
        )
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(f"DJANGO_STORAGE=s3 needs {' and '.join(missing)}.")
    if bucket == private_bucket:
        raise ImproperlyConfigured(
            "DJANGO_S3_PRIVATE_BUCKET must differ from DJANGO_S3_BUCKET: the public bucket "
            "is readable by anyone, request attachments must not be."
        )
    public = urlsplit(public_url.rstrip("/") or default_public_url(bucket, endpoint_url, region))
    if public.scheme not in ("http", "https") or not public.netloc:
        raise ImproperlyConfigured("DJANGO_S3_PUBLIC_URL must start with https:// (or http://).")
    connection = {
        "endpoint_url": endpoint_url or None,
        # Keys left empty: boto3 looks for them itself (AWS_* variables, instance roles).
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "region_name": region or None,
        # "host/bucket/name": works with MinIO and Ceph without wildcard DNS names.
        "addressing_style": "path" if endpoint_url else None,
        "signature_version": "s3v4",
        "file_overwrite": False,
    }
    return {
        "default": {
            "BACKEND": "core.storage.PublicObjectStorage",
            "OPTIONS": {
                **connection,
                "bucket_name": bucket,
                "custom_domain": public.netloc + public.path,
                "url_protocol": f"{public.scheme}:",
            },
        },
        "private": {
            "BACKEND": "core.storage.PrivateObjectStorage",
            "OPTIONS": {**connection, "bucket_name": private_bucket},
        },
    }


def default_public_url(bucket, endpoint_url, region):
    """Where the public bucket answers without DJANGO_S3_PUBLIC_URL."""
    if endpoint_url:
        return f"{endpoint_url.rstrip('/')}/{bucket}"
    return f"https://{bucket}.s3.{region or 'us-east-1'}.amazonaws.com"


def media_origin(storages):
    """The origin public media are loaded from when it is not the portal's (for the CSP)."""
    options = storages["default"].get("OPTIONS", {})
    if not options.get("custom_domain"):
        return None
    return f"{options['url_protocol']}//{options['custom_domain'].split('/')[0]}"
