import nh3
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import search
from core.workflow import Workflow, WorkflowQuerySet

# What staff may use in page text: structure and links, no scripts, no inline styles
# (the Content-Security-Policy would block them anyway).
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "em", "h2", "h3", "h4", "i", "li", "ol", "p",
    "strong", "ul", "table", "thead", "tbody", "tr", "th", "td", "caption", "dl", "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "hreflang", "lang"}, "abbr": {"title"}, "th": {"scope"}}


class PageQuerySet(WorkflowQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def search_text(self, query):
        return search.full_text(self, ["title", "description", "content"], query)


class Page(Workflow):
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
    content = models.TextField(
        _("Inhalt (HTML)"),
        help_text=_(
            "Erlaubt sind Absätze, Überschriften (h2–h4), Listen, Tabellen und Links. "
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
        permissions = [("publish_page", _("Seiten freigeben und zurückziehen"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.content = nh3.clean(
            self.content, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel="noopener"
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("page", kwargs={"slug": self.slug})

    @property
    def search_summary(self):
        """The text the site search shows an excerpt of."""
        return self.content
