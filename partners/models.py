import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce, ExtractYear, JSONObject, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import dates, images, richtext, search
from core.dates import DatePrecision
from core.richtext import RichTextField
from core.text import plain_text
from core.uploads import ImageFileField, RandomFileName
from core.workflow import Workflow, WorkflowQuerySet

_NOT_READ = object()


class Category(models.Model):
    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Kürzel"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Kategorie")
        verbose_name_plural = _("Kategorien")

    def __str__(self):
        return self.name


class Region(models.TextChoices):
    """The five Regierungsbezirke of NRW, plus partners that are not one district's: those
    that act in several of them, and those that act state-wide. A partner is assigned to
    one district only where it belongs to that district alone."""

    ARNSBERG = "arnsberg", "Arnsberg"
    DETMOLD = "detmold", "Detmold"
    DUESSELDORF = "duesseldorf", "Düsseldorf"
    KOELN = "koeln", "Köln"
    MUENSTER = "muenster", "Münster"
    SEVERAL = "mehrere", _("mehrere Regierungsbezirke")
    STATEWIDE = "landesweit", _("landesweit")


class JSONGroupArray(models.Aggregate):
    """The aggregated values as one JSON array (SQLite and PostgreSQL)."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


class PartnerQuerySet(WorkflowQuerySet):
    # The ministry's list order, newest first: by signing date, an undated partner by the
    # date it is listed as of; on the same date as the editors ordered them.
    LIST_ORDER = [models.F("sort_date").desc(nulls_last=True), "list_order", "name", "pk"]

    def published(self):
        return self.filter(is_published=True)

    # What a partner search covers, in the directory (/partner/?q=) and the site search
    # (/suche/) alike: the partner's own texts, its category, who signed, who is quoted.
    SEARCH_FIELDS = [
        "name",
        "city",
        "signing_place",
        "signing_occasion",
        "summary",
        "commitment",
        "categories__name",
        "signatories__name",
        "signatories__role",
        "quotes__text",
        "quotes__speaker_name",
        "quotes__speaker_role",
    ]

    def search(self, query):
        """Partners in which every word of ``query`` occurs (core.search), best hits first;
        without a word, all of them (the directory before a search)."""
        if not search.terms(query):
            return self
        return search.full_text(self, self.SEARCH_FIELDS, query)

    def filter_by(self, params):
        """Apply the directory's filters; ``params`` is a filter form's cleaned_data."""
        if params.get("category"):
            self = self.filter(categories=params["category"])
        if params.get("region"):
            self = self.filter(region=params["region"])
        if params.get("year"):
            self = self.filter(signed_on__year=params["year"])
        return self

    def newest_first(self):
        return self.order_by(*self.LIST_ORDER)

    def with_categories(self):
        """Each partner's categories read in the same query (Partner.category_list): a page
        of partners, or one partner's page, needs no query more for them."""
        through = Partner.categories.through
        rows = (
            through.objects.filter(partner=OuterRef("pk"))
            .order_by()
            .values("partner")
            .annotate(
                rows=JSONGroupArray(
                    JSONObject(
                        id="category__id",
                        name="category__name",
                        slug="category__slug",
                        order="category__order",
                    )
                )
            )
            .values("rows")
        )
        return self.annotate(category_rows=Subquery(rows, output_field=models.JSONField()))

    def with_list_data(self):
        return self.with_categories().newest_first()

    # What the apps built on partners show on a partner's page: functions that return a
    # Prefetch over their own relation to Partner (press: the due press items naming the
    # partner). Those apps register them in their AppConfig.ready(), so the page still reads
    # each relation in one query while partners never imports them: dependencies run one
    # way (press -> partners). Called per query, since what is due changes with the time.
    # Annotations work the same way (measures: its published measures as JSON rows), for
    # what is read in the partner's own query instead of one more.
    detail_prefetches = []
    detail_annotations = []

    @classmethod
    def add_detail_prefetch(cls, make_prefetch):
        if make_prefetch not in cls.detail_prefetches:
            cls.detail_prefetches.append(make_prefetch)

    @classmethod
    def add_detail_annotation(cls, make_annotations):
        """``make_annotations()`` returns a dict of annotation name -> expression."""
        if make_annotations not in cls.detail_annotations:
            cls.detail_annotations.append(make_annotations)

    def with_detail_data(self):
        annotations = {}
        for make_annotations in self.detail_annotations:
            annotations.update(make_annotations())
        return (
            self.with_categories()
            .annotate(**annotations)
            .prefetch_related(
                "signatories",
                "quotes",
                "links",
                "photos",
                *(make_prefetch() for make_prefetch in self.detail_prefetches),
            )
        )

    def signing_years(self):
        """The years in which partners signed, newest first. The database finds them (from
        the date's ISO text, portable and without loading a row per partner)."""
        year = Substr(Cast("signed_on", models.CharField()), 1, 4)
        years = (
            self.exclude(signed_on=None)
            .order_by()
            .annotate(signing_year=year)
            .values_list("signing_year", flat=True)
            .distinct()
        )
        return sorted({int(value) for value in years}, reverse=True)

    def with_export_data(self):
        """What the open-data exports need, in the directory's order."""
        return self.with_categories().prefetch_related("signatories").newest_first()

    def for_feed(self):
        """Latest entries into the directory first, so that no new partner is missed;
        partners entered at the same time (e.g. the initial import) in the list order."""
        return self.with_categories().order_by("-created_at", *self.LIST_ORDER)

    def last_updated(self):
        return self.aggregate(latest=Max("updated_at"))["latest"]

    # Aggregates for the statistics page: one query each, independent of the number of rows.

    def count_by_year(self):
        """[(year, count)], oldest year first; year None (date unknown) last."""
        rows = self.order_by().values(year=ExtractYear("signed_on")).annotate(count=Count("pk"))
        return sorted(
            ((row["year"], row["count"]) for row in rows),
            key=lambda row: (row[0] is None, row[0] or 0),
        )

    def count_by_category(self):
        """[(category slug, category name, count)], largest first, then in category order. A
        partner of several categories (a joint signing) counts in each of them."""
        rows = (
            self.exclude(categories=None)
            .order_by()
            .values("categories__slug", "categories__name", "categories__order")
            .annotate(count=Count("pk", distinct=True))
        )
        rows = sorted(
            rows, key=lambda r: (-r["count"], r["categories__order"], r["categories__name"])
        )
        return [(r["categories__slug"], r["categories__name"], r["count"]) for r in rows]

    def count_by_region(self):
        """[(region code, count)] in the order of Region; code "" (not given) last."""
        return count_by_region(self, "region")


def count_by_region(queryset, region_field):
    """[(region code, count)] of ``queryset`` grouped by ``region_field``, in the order of
    Region; code "" (not given) last. For partners and for what belongs to a partner."""
    counts = dict(queryset.order_by().values_list(region_field).annotate(count=Count("pk")))
    codes = [code for code in Region.values if code in counts]
    return [(code, counts[code]) for code in codes] + (
        [("", counts[""])] if counts.get("") else []
    )


class Partner(Workflow):
    # Paths under /partner/ that are pages of their own, not partner slugs.
    RESERVED_SLUGS = frozenset({"statistik", "karte", "offene-daten", "feed"})

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kürzel in der Adresse"), max_length=200, unique=True)
    categories = models.ManyToManyField(
        Category,
        related_name="partners",
        verbose_name=_("Kategorien"),
        help_text=_(
            "Bei einer gemeinsamen Unterzeichnung mehrerer Organisationen verschiedener Art "
            "(etwa Stadt und Polizei) jede zutreffende Kategorie."
        ),
    )
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    region = models.CharField(
        _("Regierungsbezirk"),
        max_length=20,
        choices=Region.choices,
        blank=True,
        help_text=_(
            "Ein Regierungsbezirk nur, wenn der Partner allein dort tätig ist; sonst „mehrere "
            "Regierungsbezirke“ oder „landesweit“; leer, wenn die Quelle es nicht belegt."
        ),
    )
    signed_on = models.DateField(
        _("Unterzeichnet am"),
        null=True,
        blank=True,
        help_text=_("Bei Genauigkeit „Monat“ zählt nur Monat und Jahr, bei „Jahr“ nur das Jahr."),
    )
    signed_on_precision = models.CharField(
        _("Genauigkeit des Datums"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.UNKNOWN,
    )
    listed_as_of = models.DateField(
        _("Eingeordnet nach"),
        null=True,
        blank=True,
        help_text=_(
            "Nur bei Partnern ohne Unterzeichnungsdatum und nur für die Reihenfolge: das Datum "
            "des Nachbarn, unter dem oder über dem das Ministerium den Partner aufführt. Es "
            "wird nie als Datum der Unterzeichnung angezeigt."
        ),
    )
    list_order = models.PositiveSmallIntegerField(
        _("Reihenfolge bei gleichem Datum"),
        default=0,
        help_text=_(
            "Partner mit demselben Datum (oder „eingeordnet nach“ demselben Datum) stehen "
            "nach dieser Zahl, die kleinste zuerst; bei gleicher Zahl nach dem Namen."
        ),
    )
    # What the list is ordered by (PartnerQuerySet.LIST_ORDER); the database keeps it, so
    # that an index carries the order.
    sort_date = models.GeneratedField(
        expression=Coalesce("signed_on", "listed_as_of"),
        output_field=models.DateField(),
        db_persist=True,
        verbose_name=_("Datum für die Reihenfolge"),
    )
    signing_place = models.CharField(_("Ort der Unterzeichnung"), max_length=200, blank=True)
    signing_occasion = models.CharField(_("Anlass der Unterzeichnung"), max_length=300, blank=True)
    summary = RichTextField(
        _("Bericht zur Unterzeichnung"),
        kind=richtext.SECTION,
        blank=True,
        help_text=_("Was bei der Unterzeichnung geschah."),
    )
    commitment = RichTextField(
        _("Selbstverpflichtung"),
        kind=richtext.SECTION,
        blank=True,
        help_text=_("Die zugesagten Maßnahmen in Worten."),
    )
    website = models.URLField(_("Website"), blank=True)
    is_published = models.BooleanField(_("veröffentlicht"), default=False)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = [models.F("sort_date").desc(nulls_last=True), "list_order", "name"]
        verbose_name = pgettext_lazy("one partner organisation", "Partner")
        verbose_name_plural = _("Partner")
        permissions = [("publish_partner", _("Partner freigeben, planen und zurückziehen"))]
        indexes = [
            # The directory's order (newest_first): a page is read from the index instead of
            # sorting every partner (SQLite: DESC puts NULLs last, as the order wants).
            models.Index(
                fields=["-sort_date", "list_order", "name", "id"], name="partner_list_order"
            ),
            # published(): counting, and the signing years, from the index alone.
            models.Index(fields=["is_published", "signed_on"], name="partner_published_signed"),
            # The feed's order (for_feed).
            models.Index(
                fields=["-created_at", "-sort_date", "list_order", "name", "id"],
                name="partner_feed_list_order",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.signed_on = dates.truncate(self.signed_on, self.signed_on_precision)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("partners:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("Diese Adresse ist für eine Seite des Portals reserviert.")}
            )
        unknown = self.signed_on_precision == DatePrecision.UNKNOWN
        if unknown and self.signed_on:
            raise ValidationError(
                {"signed_on_precision": _("Bei einem Datum bitte die Genauigkeit angeben.")}
            )
        if not unknown and not self.signed_on:
            raise ValidationError(
                {"signed_on": _("Bitte ein Datum angeben oder Genauigkeit „unbekannt“ wählen.")}
            )
        if self.signed_on and self.listed_as_of:
            raise ValidationError(
                {
                    "listed_as_of": _(
                        "Nur bei Partnern ohne Unterzeichnungsdatum: ein Partner mit Datum "
                        "steht nach seinem Datum."
                    )
                }
            )

    @property
    def category_list(self):
        """The partner's categories in their order; read with the partner where the query
        asked for them (PartnerQuerySet.with_categories)."""
        rows = getattr(self, "category_rows", _NOT_READ)
        if rows is _NOT_READ:
            return list(self.categories.all())
        categories = [Category(**row) for row in rows or []]
        return sorted(categories, key=lambda category: (category.order, category.name))

    @property
    def category_names(self):
        return ", ".join(category.name for category in self.category_list)

    @property
    def signed_on_display(self):
        """The signing date as precisely as it is known: "28. Mai 2015", "Mai 2015", "2015"."""
        return dates.display(self.signed_on, self.signed_on_precision)

    @property
    def signed_on_iso(self):
        """The machine-readable form for <time datetime>, as precise as the display."""
        return dates.iso(self.signed_on, self.signed_on_precision)

    @property
    def feed_date(self):
        """The date a feed entry carries: the signing day when known to the day, otherwise
        the moment the partner was entered into the directory (never an invented day)."""
        if self.signed_on and self.signed_on_precision == DatePrecision.DAY:
            midnight = datetime.datetime.combine(self.signed_on, datetime.time())
            return timezone.make_aware(midnight)
        return self.created_at

    def _people(self, side, role_in_signing):
        return [
            s
            for s in self.signatories.all()
            if s.side == side and s.role_in_signing == role_in_signing
        ]

    def partner_signatories(self):
        """Who signed for the partner."""
        return self._people(Signatory.Side.PARTNER, Signatory.RoleInSigning.SIGNED)

    def state_signatories(self):
        """Who signed for the state."""
        return self._people(Signatory.Side.STATE, Signatory.RoleInSigning.SIGNED)

    def partner_present(self):
        """Who was there for the partner without the source saying they signed."""
        return self._people(Signatory.Side.PARTNER, Signatory.RoleInSigning.PRESENT)

    def state_present(self):
        return self._people(Signatory.Side.STATE, Signatory.RoleInSigning.PRESENT)

    @property
    def search_summary(self):
        """The text the site search shows an excerpt of."""
        return " ".join(filter(None, [plain_text(self.summary), plain_text(self.commitment)]))

    def links_besides_website(self):
        """The links, without the one that repeats the website field."""
        return [link for link in self.links.all() if not link.url or link.url != self.website]


class Signatory(models.Model):
    """A person at the signing: one who signed, or one who was there (spoke, was named) of
    whom the source does not say that they signed."""

    class Side(models.TextChoices):
        PARTNER = "partner", pgettext_lazy("side of a signing", "Partner")
        STATE = "state", _("Land NRW")

    class RoleInSigning(models.TextChoices):
        SIGNED = "signed", _("hat unterzeichnet")
        PRESENT = "present", _("war anwesend (Unterschrift nicht belegt)")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(_("Name"), max_length=200)
    role = models.CharField(_("Funktion zur Zeit der Unterzeichnung"), max_length=200, blank=True)
    side = models.CharField(
        pgettext_lazy("side of a signing", "Seite"), max_length=10, choices=Side.choices
    )
    role_in_signing = models.CharField(
        _("Rolle bei der Unterzeichnung"),
        max_length=10,
        choices=RoleInSigning.choices,
        default=RoleInSigning.SIGNED,
        help_text=_(
            "„hat unterzeichnet“ nur, wenn die Quelle es sagt; wer nur „anlässlich der "
            "Unterzeichnung“ sprach oder dabei war, ist „anwesend“."
        ),
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("Person bei der Unterzeichnung")
        verbose_name_plural = _("Personen bei der Unterzeichnung")

    def __str__(self):
        return f"{self.role} {self.name}".strip()


class Quote(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField(_("Zitat"))
    speaker_name = models.CharField(_("Name der sprechenden Person"), max_length=200)
    speaker_role = models.CharField(_("Funktion"), max_length=200, blank=True)
    occasion = models.CharField(_("Anlass"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("Zitat")
        verbose_name_plural = _("Zitate")

    def __str__(self):
        return f"{self.speaker_name}: {self.text[:60]}"


class Link(models.Model):
    class Kind(models.TextChoices):
        WEBSITE = "website", _("Website des Partners")
        MINISTRY_PRESS = "ministry_press", _("Pressemitteilung des Ministeriums")
        PARTNER_PRESS = "partner_press", _("Pressemitteilung des Partners")
        OTHER = "other", _("Sonstiges")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("Bezeichnung"), max_length=300)
    url = models.URLField(
        _("Adresse"),
        max_length=500,
        blank=True,
        help_text=_("Leer lassen, wenn die Quelle keine Adresse nennt."),
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("Link")
        verbose_name_plural = _("Links")

    def __str__(self):
        return self.label


class Photo(images.RenditionsMixin, models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="photos")
    image = ImageFileField(
        _("Bild"),
        upload_to=RandomFileName("partners/photos"),
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    caption = models.CharField(_("Bildunterschrift"), max_length=300, blank=True)
    alt_text = models.CharField(
        _("Alternativtext"),
        max_length=300,
        help_text=_("Beschreibt, was auf dem Bild zu sehen ist (für Screenreader)."),
    )
    credit = models.CharField(_("Bildnachweis"), max_length=200)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    renditions = models.JSONField(_("Bildvarianten"), default=dict, blank=True, editable=False)

    # How wide the photo is shown (two columns from md, one below), for the browser's choice.
    SIZES = (
        "(min-width: 1400px) 636px, (min-width: 1200px) 546px, (min-width: 992px) 456px, "
        "(min-width: 768px) 336px, (min-width: 576px) 516px, calc(100vw - 1.5rem)"
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("Foto")
        verbose_name_plural = _("Fotos")

    def __str__(self):
        return self.alt_text
