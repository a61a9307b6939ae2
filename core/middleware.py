"""Small middleware of the project's own."""

from django.conf import settings


def permissions_policy_header(policy):
    """Turn ``{"camera": [], "fullscreen": ["self"]}`` into ``camera=(), fullscreen=(self)``.

    ``"self"`` and ``"*"`` are keywords; anything else is an origin and gets quoted.
    """
    parts = []
    for feature, allowlist in policy.items():
        if allowlist == "*" or allowlist == ["*"]:
            parts.append(f"{feature}=*")
            continue
        items = [item if item in {"self", "src"} else f'"{item}"' for item in allowlist]
        parts.append(f"{feature}=({' '.join(items)})")
    return ", ".join(parts)


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header built from ``settings.PERMISSIONS_POLICY``.

    A view that needs a feature can set its own header; this one is only a default.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.header
        return response
