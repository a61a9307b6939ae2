"""The client's address, derived once for every limit (login lock-out, form rate limit).

Behind N reverse proxies of ours (``TRUSTED_PROXY_COUNT``), each appends the address it saw
to ``X-Forwarded-For``; the N-th entry from the right is therefore the one our outermost
proxy saw, and everything further left is whatever the client chose to send. Without proxies
the header is ignored and ``REMOTE_ADDR`` is the client.

When the header holds fewer entries than there are proxies, or the entry is not an address,
the proxies are not set up as configured; the entry cannot be attributed to a proxy of ours,
so it is not trusted and ``REMOTE_ADDR`` (the innermost proxy) is used. That makes all
clients share one address — a visible misconfiguration — but never lets a client choose
its own.
"""

import ipaddress

from django.conf import settings


def _normalised(value):
    """The canonical text of an IP address (IPv4-mapped IPv6 as IPv4), or None."""
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        value = value[1:-1]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


def client_address(request):
    """The client's IP address as far as our own proxies vouch for it (see module docs)."""
    remote = _normalised(request.META.get("REMOTE_ADDR", "")) or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    return _normalised(hops[-proxies]) or remote


def client_network(request):
    """What a per-client limit counts: the address, for IPv6 its /64 (one client's share)."""
    address = client_address(request)
    if ":" not in address:
        return address
    return str(ipaddress.ip_network(f"{address}/64", strict=False))
