"""Protection of the public forms without a CAPTCHA (CAPTCHAs exclude disabled users).

Three checks: a honeypot field people never see, a signed time token (a form sent within
seconds of being opened, or hours later, is returned with a request to send it again), and
a rate limit per client address counted in Django's cache (shared between app servers when
the cache is).
"""

import ipaddress
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac

TOKEN_SALT = "contact.form-token"

logger = logging.getLogger(__name__)


def make_form_token(form_id, issued=None):
    """A signed token saying which form was rendered when (to the millisecond).

    Whole seconds would let a form through up to a second before FORM_MIN_SECONDS.
    """
    issued = round(time.time() if issued is None else issued, 3)
    return signing.dumps({"form": form_id, "issued": issued}, salt=TOKEN_SALT, compress=True)


class TokenProblem:
    MISSING = "token_missing"
    INVALID = "token_invalid"
    TOO_FAST = "too_fast"
    EXPIRED = "expired"


def check_form_token(token, form_id, now=None):
    """None when the token is fine, else a TokenProblem code."""
    if not token:
        return TokenProblem.MISSING
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
        issued = float(payload["issued"])
        token_form = payload["form"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return TokenProblem.INVALID
    if token_form != form_id:
        return TokenProblem.INVALID
    age = (time.time() if now is None else now) - issued
    if age < -60:  # issued in the future beyond clock skew: not ours
        return TokenProblem.INVALID
    if age < settings.FORM_MIN_SECONDS:
        return TokenProblem.TOO_FAST
    if age > settings.FORM_MAX_AGE_SECONDS:
        return TokenProblem.EXPIRED
    return None


def client_address(request):
    """The client's IP address as far as it can be trusted.

    REMOTE_ADDR, unless settings.NUM_PROXIES says how many reverse proxies of ours append
    to X-Forwarded-For: then the address the outermost of them saw, counted from the right
    (entries further left are whatever the client chose to send).
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.NUM_PROXIES
    if proxies > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if hops:
            address = hops[-proxies] if len(hops) >= proxies else hops[0]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return request.META.get("REMOTE_ADDR", "") or "unknown"
    if parsed.version == 6 and parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    if parsed.version == 6:
        # One IPv6 client usually has a whole /64; counting single addresses is no limit.
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


@dataclass
class RateLimit:
    count: int
    limit: int
    retry_after: int

    @property
    def exceeded(self):
        return self.count > self.limit

    @property
    def retry_after_minutes(self):
        return max(1, math.ceil(self.retry_after / 60))


def hit_rate_limit(request, scope="submissions", now=None):
    """Count one submission for the client; the result says whether it is over the limit.

    Fixed windows of FORM_RATE_WINDOW_SECONDS. The cache key holds a keyed hash of the
    address, not the address itself.
    """
    window = max(1, settings.FORM_RATE_WINDOW_SECONDS)
    now = time.time() if now is None else now
    bucket = int(now // window)
    digest = salted_hmac("contact.rate-limit", client_address(request)).hexdigest()[:32]
    key = f"contact:rate:{scope}:{digest}:{bucket}"
    cache.add(key, 0, timeout=window + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window + 60)
        count = 1
    if count is None:
        # The shared cache is unreachable (it fails open): accept rather than lose the
        # submission; the other spam checks still apply.
        logger.warning("Rate limit not counted: the cache is unreachable")
        count = 0
    retry_after = max(1, int((bucket + 1) * window - now))
    return RateLimit(count=count, limit=settings.FORM_RATE_LIMIT, retry_after=retry_after)
