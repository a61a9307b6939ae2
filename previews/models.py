from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A token is the link's id signed with SECRET_KEY under this salt: it cannot be guessed or
# altered, and the admin can show the address again at any time.
TOKEN_SALT = "previews.PreviewLink"


def default_expiry():
    return timezone.now() + timedelta(days=settings.PREVIEW_LINK_DAYS)


class PreviewLinkQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
        )

    def valid(self, now=None):
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())

    def from_token(self, token):
        """The link a token names, or None for a token that is unknown or not ours."""
        try:
            pk = signing.Signer(salt=TOKEN_SALT).unsign(token)
        except signing.BadSignature:
            return None
        return self.select_related("content_type").filter(pk=pk).first() if pk.isdigit() else None

    def revoke(self):
        return self.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


class PreviewLink(models.Model):
    """An address that shows one draft, as its public page will look, to people without an
    account (a partner organisation checking its page before it goes live)."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("Inhaltstyp")
    )
    object_id = models.PositiveBigIntegerField(_("Objekt-ID"))
    content_object = GenericForeignKey("content_type", "object_id")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erstellt von"),
    )
    created_at = models.DateTimeField(_("erstellt am"), default=timezone.now)
    expires_at = models.DateTimeField(_("gültig bis"), default=default_expiry)
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Vorschau-Link")
        verbose_name_plural = _("Vorschau-Links")
        indexes = [models.Index(fields=["content_type", "object_id"], name="preview_link_object")]

    def __str__(self):
        return f"{self.content_type.name} #{self.object_id} ({self.expires_at:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("previews:shared", kwargs={"token": self.token})

    @property
    def token(self):
        return signing.Signer(salt=TOKEN_SALT).sign(str(self.pk))

    def is_valid(self, now=None):
        return self.revoked_at is None and self.expires_at > (now or timezone.now())

    def status_display(self):
        if self.revoked_at is not None:
            return _("widerrufen")
        if not self.is_valid():
            return _("abgelaufen")
        return _("gültig")
