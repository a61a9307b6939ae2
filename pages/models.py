from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import search
from core.cache import remember
from core.richtext import RichTextField
from core.text import paragraphs, plain_text
from core.workflow import Workflow, WorkflowQuerySet
from measures.models import Measure
from partners.models import Partner
from press.models import PressItem


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
        permissions = [("publish_page", _("Seiten freigeben und zurückziehen"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("page", kwargs={"slug": self.slug})

    @property
    def search_summary(self):
        """The text the site search shows an excerpt of."""
        return plain_text(self.content)


class YearReviewQuerySet(models.QuerySet):
    def years(self):
        """The years the yearly summary has a page for, newest first: those in which a
        published partner signed, a published measure started or was completed or a press
        item is dated, and those the editors wrote an introduction for. Remembered until the
        content changes (or a minute passes, as press items fall due)."""

        def compute():
            return sorted(
                set(Partner.objects.published().signing_years())
                | Measure.objects.published().review_years()
                | set(PressItem.objects.due().years())
                | set(self.values_list("year", flat=True)),
                reverse=True,
            )

        return remember("pages:review_years", compute, settings.PAGE_CACHE_TIMEOUT)


class YearReview(models.Model):
    """The editors' introduction to the yearly summary at /bilanz/<year>/; the rest of that
    page is generated from the partners, measures and press items of the year."""

    year = models.PositiveSmallIntegerField(_("Jahr"), unique=True)
    introduction = models.TextField(
        _("Einleitung"), blank=True, help_text=_("Ein Absatz je Leerzeile.")
    )
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    objects = YearReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("Jahresbilanz")
        verbose_name_plural = _("Jahresbilanzen")

    def __str__(self):
        return _("Bilanz %(year)d") % {"year": self.year}

    def get_absolute_url(self):
        return reverse("year_review", kwargs={"year": self.year})

    def introduction_paragraphs(self):
        return paragraphs(self.introduction)
