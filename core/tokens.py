"""Personal links for people without an account: a preview link, a partner's reporting
link, the status link of a partner request. One mechanism for all of them.

A link's token is a random secret, signed with SECRET_KEY when the model names a salt.
Only the SHA-256 of the token is stored: neither a database dump nor the admin can produce
a working link. A token exists once, when it is made: shown to staff on the spot, or put
into an e-mail while the mail worker builds it (``SecretLink.mail``, ``send_link``).

A link may expire and may be revoked. Every token that opens nothing (unknown, altered,
expired, revoked, or its object gone) gets the same answer: 404 with one German page,
private like every page behind a token.

The secret is never compared in Python: the signature is checked by Django's Signer in
constant time, and the row is found by the hash of the token, so the database compares
hashes, which tell nothing about a secret that could be timed.
"""

import hashlib
import secrets

from django.core import signing
from django.db import models
from django.db.models import Q
from django.dispatch import Signal
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _

#: Sent (with ``link`` and ``recipient``) when a link should reach someone by e-mail. The
#: contact app queues it as a notification row; the mail worker calls ``link.mail()``.
send_link = Signal()

#: Longer tokens are refused before any hashing or database query.
MAX_TOKEN_LENGTH = 200


def digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def keep_private(response):
    """Headers of every page behind a token (and of every draft preview): never stored by a
    browser, proxy or the page cache, never indexed, and the address never passed on to
    another site. Same-origin referrers stay: browsers send a real ``Origin`` with our
    own form posts then, which the CSRF check needs (``no-referrer`` makes it "null")."""
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    response.page_cache = False
    return response


class SecretLinkQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now), revoked_at__isnull=True
        )

    def revoke(self, now=None):
        return self.filter(revoked_at__isnull=True).update(revoked_at=now or timezone.now())

    def from_token(self, token, now=None):
        """The usable link ``token`` opens, or None, whatever the reason."""
        token_hash = self.model.token_hash_for(token)
        if token_hash is None:
            return None
        return self.usable(now).filter(token_hash=token_hash).first()


class SecretLink(models.Model):
    """A link row: the hash of its token, its expiry (none: valid while the row lives) and
    its revocation. A subclass may override ``expires_at`` (e.g. with a default) and sets
    ``token_salt`` to have its tokens signed."""

    #: Tokens are signed with SECRET_KEY under this salt; empty: not signed.
    token_salt = ""
    #: The URL pattern that takes the token (argument ``token``).
    url_name = ""

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("gültig bis"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)

    objects = SecretLinkQuerySet.as_manager()

    class Meta:
        abstract = True

    def new_token(self):
        """A fresh token for this link; it replaces any earlier one. The caller saves and
        hands the token on at once: it cannot be read back."""
        token = secrets.token_urlsafe(32)
        if self.token_salt:
            token = signing.Signer(salt=self.token_salt).sign(token)
        self.token_hash = digest(token)
        return token

    @classmethod
    def token_hash_for(cls, token):
        """The stored hash ``token`` stands for, or None for a token that cannot be ours."""
        if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
            return None
        if cls.token_salt:
            try:
                signing.Signer(salt=cls.token_salt).unsign(token)
            except signing.BadSignature:
                return cls.earlier_token_hash(token)
        return digest(token)

    @classmethod
    def earlier_token_hash(cls, token):
        """For links made before this mechanism: the stored hash an earlier form of token
        stands for, or None. Such rows were given that hash by a data migration."""
        return None

    @classmethod
    def path(cls, token):
        return reverse(cls.url_name, kwargs={"token": token})

    def is_usable(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    def status_display(self):
        if self.revoked_at is not None:
            return _("widerrufen")
        if not self.is_usable():
            return _("abgelaufen")
        return _("gültig")

    def mail(self):
        """(subject, body) of the e-mail that brings this link, with a new token; called by
        the mail worker for links queued through ``send_link``."""
        raise NotImplementedError


class SecretLinkMixin:
    """In front of a view behind a token (URL argument ``token``): finds ``self.link`` or
    answers 404 with the shared page; every answer is private (``keep_private``)."""

    link_model = None
    #: What the page calls the link, e.g. "Berichtslink".
    link_name = ""
    #: What the refusal page adds: whom to ask for a new link.
    link_help = ""

    def get_link(self, token):
        return self.link_model.objects.from_token(token)

    def dispatch(self, request, *args, **kwargs):
        self.link = self.get_link(kwargs["token"])
        if self.link is None:
            return self.refused()
        return keep_private(super().dispatch(request, *args, **kwargs))

    def refused(self):
        return link_refused(self.request, self.link_name, self.link_help)


def link_refused(request, link_name, link_help=""):
    """The one answer to a token that opens nothing."""
    response = TemplateResponse(
        request,
        "link_refused.html",
        {"link_name": link_name, "link_help": link_help},
        status=404,
    )
    return keep_private(response.render())
