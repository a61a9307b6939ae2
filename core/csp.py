"""Content-Security-Policy with path-only sources: django-csp's middleware, per request."""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.core.exceptions import DisallowedHost


def with_origin(sources, origin):
    """Source expressions with a path only ("/static/") get the request's origin.

    CSP cannot name a path without a host ('self' means the whole origin), and the host
    differs between installations and requests; a protocol-relative URL ("//cdn/...")
    becomes a host source, absolute URLs and keywords stay as they are. Without an origin
    (a host not allowed) the paths are left out: the answer gets the stricter policy.
    """
    if not isinstance(sources, (list, tuple, set)):
        return sources
    resolved = []
    for source in sources:
        if isinstance(source, str) and source.startswith("//"):
            source = source[2:]
        elif isinstance(source, str) and source.startswith("/"):
            if origin is None:
                continue
            source = origin + source
        resolved.append(source)
    return resolved or ["'none'"]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with path-only sources made absolute per request.

    So ``"script-src": [STATIC_URL]`` allows scripts from this origin's static files only:
    a file under /media/ can never be a script, even if one got there.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        policy = getattr(
            settings,
            "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY",
            None,
        )
        if parts.config is None and policy:
            parts.config = default_config(policy.get("DIRECTIVES", {}))
        try:
            origin = f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:
            origin = None
        for name in ("config", "update", "replace"):
            directives = getattr(parts, name)
            if directives:
                setattr(
                    parts,
                    name,
                    {key: with_origin(value, origin) for key, value in directives.items()},
                )
        return parts
