from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.tokens import SecretLink, SecretLinkQuerySet

# Links made before only their token's hash was stored had the signed id as token; the
# migration that added the hash stored the hash of that token, so they keep working.
TOKEN_SALT = "previews.PreviewLink"


def default_expiry():
    return timezone.now() + timedelta(days=settings.PREVIEW_LINK_DAYS)


class PreviewLinkQuerySet(SecretLinkQuerySet):
    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
        )


class PreviewLink(SecretLink):
    """An address that shows one draft, as its public page will look, to people without an
    account (a partner organisation checking its page before it goes live). Its address
    is shown once, when it is made."""

    token_salt = TOKEN_SALT
    url_name = "previews:shared"

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

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Vorschau-Link")
        verbose_name_plural = _("Vorschau-Links")
        indexes = [models.Index(fields=["content_type", "object_id"], name="preview_link_object")]

    def __str__(self):
        return f"{self.content_type.name} #{self.object_id} ({self.expires_at:%d.%m.%Y})"
