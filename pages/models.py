from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import search
from core.richtext import RichTextField
from core.text import plain_text


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def search_text(self, query):
        return search.full_text(self, ["title", "description", "content"], query)


class Page(models.Model):
    """A staff-editable page such as the imprint or the privacy notice, at /<slug>/."""

    slug = models.SlugField(
        _("Adresse"),
        max_length=100,
        unique=True,
        help_text=_("Die Seite erscheint unter /adresse/, z. B. „impressum“ unter /impressum/."),
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.CharField(
        _("Kurzbeschreibung"),
        max_length=300,
        blank=True,
        help_text=_("Für Suchmaschinen und die Vorschau beim Teilen."),
    )
    content = RichTextField(
        _("Inhalt"),
        help_text=_(
            "Platzhalter wie [[speicherdauer_tage]] werden aus den Einstellungen gefüllt."
        ),
    )
    is_published = models.BooleanField(_("veröffentlicht"), default=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("Seite")
        verbose_name_plural = _("Seiten")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("page", kwargs={"slug": self.slug})

    @property
    def search_summary(self):
        """The text the site search shows an excerpt of."""
        return plain_text(self.content)
