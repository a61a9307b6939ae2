"""What partners do after signing: their measures (Maßnahmen), with figures, and the
personal reporting links through which partners propose new measures and updates.

Measures go through the four-eyes workflow of core.workflow like partners and press items.
A proposal is a Measure that arrives "Zur Freigabe" and names the reporting link it came by
(``proposed_via``); a proposed update also names the measure it would change
(``update_of``). Nothing a partner sends is public before the Freigabe approves it, or
applies the update to its measure, in the admin.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear, JSONObject, NullIf
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core import dates, richtext, search
from core.dates import DatePrecision
from core.richtext import RichTextField
from core.text import paragraphs, plain_text
from core.tokens import SecretLink, SecretLinkQuerySet, digest, send_link
from core.workflow import State, Workflow, WorkflowError, WorkflowQuerySet
from partners.models import JSONGroupArray, Partner, count_by_region


class FieldOfActionQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class FieldOfAction(models.Model):
    """A field of action (Handlungsfeld) measures are sorted by; staff edit the list."""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Kürzel"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    objects = FieldOfActionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Status(models.TextChoices):
    PLANNED = "geplant", _("geplant")
    RUNNING = "laufend", _("laufend")
    COMPLETED = "abgeschlossen", _("abgeschlossen")


# A measure's period is known to the month or the year, or (planned) not yet at all.
PERIOD_PRECISIONS = [
    (DatePrecision.MONTH.value, DatePrecision.MONTH.label),
    (DatePrecision.YEAR.value, DatePrecision.YEAR.label),
    (DatePrecision.UNKNOWN.value, DatePrecision.UNKNOWN.label),
]


class MeasureQuerySet(WorkflowQuerySet):
    # Running measures first, then planned, then completed; within each the newest start.
    STATUS_RANK = Case(
        When(status=Status.RUNNING, then=Value(0)),
        When(status=Status.PLANNED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    SEARCH_FIELDS = ["title", "description", "partner__name", "field_of_action__name"]
    # What the public sees: published measures of published partners (never a proposed
    # update, which is applied to its measure instead).
    PUBLIC = Q(is_published=True, partner__is_published=True, update_of=None)

    def published(self):
        return self.filter(self.PUBLIC)

    def on_reporting_page(self, partner):
        """What ``partner``'s reporting page lists, in one query: its published measures
        and the proposals it sent through one of its reporting links that still wait for
        the editorial office (Entwurf or Zur Freigabe) — never another partner's."""
        waiting = Q(state__in=(State.DRAFT, State.REVIEW), proposed_via__partner=partner)
        return (
            self.filter(partner=partner)
            .filter(self.PUBLIC | waiting)
            .select_related("partner", "field_of_action", "update_of")
            .in_list_order()
        )

    def search(self, query):
        if not search.terms(query):
            return self
        return search.full_text(self, self.SEARCH_FIELDS, query)

    def filter_by(self, params):
        """Apply the list's filters; ``params`` is a filter form's cleaned_data."""
        if params.get("field"):
            self = self.filter(field_of_action=params["field"])
        if params.get("status"):
            self = self.filter(status=params["status"])
        if params.get("year"):
            self = self.filter(starts_on__year=params["year"])
        if params.get("category"):
            self = self.filter(partner__categories=params["category"])
        if params.get("region"):
            self = self.filter(partner__region=params["region"])
        return self

    def in_list_order(self):
        return self.alias(status_rank=self.STATUS_RANK).order_by(
            "status_rank", models.F("starts_on").desc(nulls_last=True), "title", "pk"
        )

    def with_list_data(self):
        return self.select_related("partner", "field_of_action").in_list_order()

    def with_detail_data(self):
        return self.select_related("partner", "field_of_action").prefetch_related("figures")

    def with_export_data(self):
        return self.with_list_data().prefetch_related("figures")

    def start_years(self):
        """The years in which measures started, newest first."""
        years = (
            self.exclude(starts_on=None)
            .order_by()
            .values_list(ExtractYear("starts_on"), flat=True)
            .distinct()
        )
        return sorted(set(years), reverse=True)

    def review_years(self):
        """The years in which measures started or were completed (for /bilanz/<jahr>/);
        one query."""
        completed_year = Case(When(status=Status.COMPLETED, then=ExtractYear("ends_on")))
        rows = self.order_by().values_list(ExtractYear("starts_on"), completed_year).distinct()
        return {year for row in rows for year in row if year}

    def year_summary(self, year):
        """The measures' part of the yearly summary: those started in ``year``, those
        completed in it, and their figures summed per unit (a figure without unit under
        its label), each measure counted once. Two queries."""
        of_year = self.filter(
            Q(starts_on__year=year) | Q(status=Status.COMPLETED, ends_on__year=year)
        )
        measures = list(of_year.with_list_data())
        figures = (
            MeasureFigure.objects.filter(measure__in=of_year.values("pk"))
            .annotate(unit_or_label=Coalesce(NullIf("unit", Value("")), "label"))
            .values_list("unit_or_label")
            .annotate(total=Sum("value"))
            .order_by("unit_or_label")
        )
        return {
            "measures_started": [m for m in measures if m.starts_on and m.starts_on.year == year],
            "measures_completed": [
                m
                for m in measures
                if m.status == Status.COMPLETED and m.ends_on and m.ends_on.year == year
            ],
            "measure_figures": list(figures),
        }

    def for_feed(self):
        """Newly published and newly completed measures, the latest event first."""
        return (
            self.select_related("partner", "field_of_action")
            .annotate(event_at=Coalesce("completed_at", "published_at", "created_at"))
            .order_by("-event_at", "-pk")
        )

    def counts_by_region(self):
        """[(region code, count)] by the partner's Regierungsbezirk, in the order of Region;
        code "" (not given) last."""
        return count_by_region(self, "partner__region")

    def statistics_rows(self):
        """One query for every count of the statistics page: rows of field of action,
        status, start year and end year with their number of measures."""
        return list(
            self.order_by()
            .values(
                "field_of_action__slug",
                "field_of_action__name",
                "field_of_action__order",
                "status",
                start_year=ExtractYear("starts_on"),
                end_year=ExtractYear("ends_on"),
            )
            .annotate(count=Count("pk"))
        )


class Measure(Workflow):
    RESERVED_SLUGS = frozenset({"export.csv", "export.json", "feed", "offene-daten"})

    Status = Status

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="measures", verbose_name=_("Partner")
    )
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kürzel in der Adresse"), max_length=200, unique=True)
    # Under the page's heading "Beschreibung": headings start at h3.
    description = RichTextField(
        _("Beschreibung"),
        kind=richtext.SECTION,
        help_text=_("Was die Maßnahme tut, für wen und mit welchem Ziel."),
    )
    field_of_action = models.ForeignKey(
        FieldOfAction,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name=_("Handlungsfeld"),
    )
    status = models.CharField(
        _("Stand"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    starts_on = models.DateField(_("Beginn"), null=True, blank=True)
    starts_on_precision = models.CharField(
        _("Genauigkeit des Beginns"),
        max_length=10,
        choices=PERIOD_PRECISIONS,
        default=DatePrecision.UNKNOWN,
    )
    ends_on = models.DateField(_("Ende"), null=True, blank=True)
    ends_on_precision = models.CharField(
        _("Genauigkeit des Endes"),
        max_length=10,
        choices=PERIOD_PRECISIONS,
        default=DatePrecision.UNKNOWN,
    )
    contact_name = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("E-Mail der Ansprechperson"), blank=True)
    link = models.URLField(_("Link zur Maßnahme"), max_length=500, blank=True)
    is_published = models.BooleanField(_("veröffentlicht"), default=False)
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)
    completed_at = models.DateTimeField(
        _("als abgeschlossen gemeldet am"), null=True, blank=True, editable=False
    )
    proposed_via = models.ForeignKey(
        "ReportingLink",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("vorgeschlagen über Berichtslink"),
    )
    update_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposed_updates",
        verbose_name=_("Änderungsvorschlag zu"),
        help_text=_(
            "Ein Vorschlag des Partners zu einer veröffentlichten Maßnahme; mit der Aktion "
            "„Änderungsvorschläge übernehmen“ wird er in die Maßnahme übernommen."
        ),
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        permissions = [("publish_measure", _("Maßnahmen freigeben und zurückziehen"))]
        indexes = [models.Index(fields=["is_published", "status"], name="measure_published")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.starts_on = dates.truncate(self.starts_on, self.starts_on_precision)
        self.ends_on = dates.truncate(self.ends_on, self.ends_on_precision)
        now = timezone.now()
        # The public flag follows the state before the first publication is dated.
        self.sync_public_flag()
        if self.is_published and not self.published_at:
            self.published_at = now
        if self.status == Status.COMPLETED and not self.completed_at:
            self.completed_at = now
        elif self.status != Status.COMPLETED:
            self.completed_at = None
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("measures:detail", kwargs={"slug": self.slug})

    @staticmethod
    def ends_before_start(starts_on, ends_on, ends_on_precision):
        return bool(
            starts_on and ends_on and dates.last_day(ends_on, ends_on_precision) < starts_on
        )

    @classmethod
    def unique_slug(cls, title):
        """A free slug for a proposal's title ("titel", "titel-2", …); staff may change it
        before publishing."""
        stem = slugify(title)[:180] or "massnahme"
        if stem in cls.RESERVED_SLUGS:
            stem = f"{stem}-massnahme"
        taken = set(cls.objects.filter(slug__startswith=stem).values_list("slug", flat=True))
        slug, number = stem, 1
        while slug in taken:
            number += 1
            slug = f"{stem}-{number}"
        return slug

    def clean(self):
        errors = {}
        if self.slug in self.RESERVED_SLUGS:
            errors["slug"] = _("Diese Adresse ist für eine Seite des Portals reserviert.")
        for name in ("starts_on", "ends_on"):
            date, precision = getattr(self, name), getattr(self, f"{name}_precision")
            if date and precision == DatePrecision.UNKNOWN:
                errors[f"{name}_precision"] = _("Bei einem Datum bitte Monat oder Jahr wählen.")
            if not date and precision != DatePrecision.UNKNOWN:
                errors[name] = _("Bitte ein Datum angeben oder Genauigkeit „unbekannt“ wählen.")
        if self.ends_before_start(self.starts_on, self.ends_on, self.ends_on_precision):
            errors["ends_on"] = _("Das Ende liegt vor dem Beginn.")
        if errors:
            raise ValidationError(errors)

    @property
    def starts_on_display(self):
        return dates.display(self.starts_on, self.starts_on_precision)

    @property
    def starts_on_iso(self):
        return dates.iso(self.starts_on, self.starts_on_precision)

    @property
    def ends_on_display(self):
        return dates.display(self.ends_on, self.ends_on_precision)

    @property
    def ends_on_iso(self):
        return dates.iso(self.ends_on, self.ends_on_precision)

    @property
    def description_text(self):
        """The description without markup: for the feed, the exports, the partner's
        proposal form and the page's meta description."""
        return plain_text(self.description)

    def description_paragraphs(self):
        return paragraphs(self.description_text)

    @property
    def is_new_event(self):
        """For the feed: the entry announces a new measure, not its completion."""
        return self.status != Status.COMPLETED

    # What a proposed update may change in its measure.
    UPDATE_FIELDS = [
        "title",
        "description",
        "field_of_action",
        "status",
        "starts_on",
        "starts_on_precision",
        "ends_on",
        "ends_on_precision",
        "contact_name",
        "contact_email",
        "link",
    ]

    def check_transition(self, action, user):
        if action == "approve" and self.update_of_id:
            raise WorkflowError(
                _(
                    "Ein Änderungsvorschlag wird nicht selbst veröffentlicht, sondern mit der "
                    "Aktion „Änderungsvorschläge übernehmen“ in seine Maßnahme übernommen."
                )
            )
        super().check_transition(action, user)

    @transaction.atomic
    def apply_update(self, user, now=None):
        """Take this proposed update into its measure (texts, status, period, figures) and
        remove the proposal; returns the updated measure. Like an approval: only the
        Freigabe, only a submitted proposal, and not by the person who submitted it."""
        if not self.update_of_id:
            raise WorkflowError(_("Das ist kein Änderungsvorschlag."))
        Workflow.check_transition(self, "approve", user)
        measure = self.update_of
        for name in self.UPDATE_FIELDS:
            setattr(measure, name, getattr(self, name))
        measure.edited_by = measure.approved_by = user
        measure.approved_at = now or timezone.now()
        measure.save()
        measure.figures.all().delete()
        self.figures.update(measure=measure)
        self.delete()
        return measure


def partner_page_measures():
    """A partner's published measures as JSON rows in the partner's own query (registered
    with PartnerQuerySet.add_detail_annotation in MeasuresConfig.ready())."""
    rows = (
        Measure.objects.filter(partner=OuterRef("pk"), is_published=True, update_of=None)
        .order_by()
        .values("partner")
        .annotate(
            rows=JSONGroupArray(
                JSONObject(
                    title="title",
                    slug="slug",
                    status="status",
                    field="field_of_action__name",
                    starts_on="starts_on",
                    starts_on_precision="starts_on_precision",
                )
            )
        )
        .values("rows")
    )
    return {"measure_rows": Subquery(rows, output_field=models.JSONField())}


class MeasureFigure(models.Model):
    """A number that shows what a measure achieved: 12 Auszubildende, 30 Kurse."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="figures")
    label = models.CharField(_("Bezeichnung"), max_length=200, help_text=_("z. B. Auszubildende"))
    value = models.PositiveIntegerField(_("Wert"))
    unit = models.CharField(
        _("Einheit"), max_length=50, blank=True, help_text=_("z. B. Personen, Kurse")
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("Kennzahl")
        verbose_name_plural = _("Kennzahlen")

    def __str__(self):
        return f"{self.label}: {self.value} {self.unit}".strip()


class ReportingLinkQuerySet(SecretLinkQuerySet):
    def create_for(self, partner, email="", created_by=None, call=None):
        """A new link for ``partner``: (link, token). Only the token's hash is stored, so
        the address can be shown once, never read back from the database."""
        link = self.model(
            partner=partner,
            email=email,
            created_by=created_by,
            call=call,
            expires_at=timezone.now() + datetime.timedelta(days=settings.REPORTING_LINK_DAYS),
        )
        token = link.new_token()
        link.save(using=self.db)
        return link, token

    def send_new(self, partner, email, created_by=None, call=None):
        """A new link for ``partner``, queued for the mail worker (``send_link``). The
        e-mail gets its token when it is built, so no token waits in the database."""
        with transaction.atomic(using=self.db):
            link, _token = self.create_for(partner, email, created_by, call)
            send_link.send(sender=self.model, link=link, recipient=email)
        return link

    def known_addresses(self):
        """Each published partner's latest reporting address: {partner id: e-mail}."""
        rows = (
            self.exclude(email="")
            .filter(partner__is_published=True)
            .order_by("partner", "-created_at")
            .values_list("partner", "email")
        )
        addresses = {}
        for partner_id, email in rows:
            addresses.setdefault(partner_id, email)
        return addresses


class ReportingLink(SecretLink):
    """A partner's personal address for reporting its measures, without an account."""

    token_salt = "measures.ReportingLink"
    url_name = "measures:report"

    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        related_name="reporting_links",
        verbose_name=_("Partner"),
    )
    email = models.EmailField(_("gesendet an"), blank=True)
    expires_at = models.DateTimeField(_("gültig bis"))
    call = models.ForeignKey(
        "ReportingCall",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="links",
        verbose_name=_("Berichtsaufruf"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erstellt von"),
    )
    created_at = models.DateTimeField(_("erstellt"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True)

    objects = ReportingLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Berichtslink")
        verbose_name_plural = _("Berichtslinks")

    def __str__(self):
        return _("Berichtslink für %(partner)s") % {"partner": self.partner}

    @classmethod
    def earlier_token_hash(cls, token):
        # Links made before tokens were signed: the bare secret, whose hash is stored.
        # A signed token always holds a colon, so this opens none of the newer links.
        return digest(token) if ":" not in token else None

    def used(self):
        ReportingLink.objects.filter(pk=self.pk).update(last_used_at=timezone.now())

    def mail(self):
        token = self.new_token()
        ReportingLink.objects.filter(pk=self.pk).update(token_hash=self.token_hash)
        context = {
            "link": self,
            "partner": self.partner,
            "url": settings.PORTAL_URL + self.path(token),
            "annual": self.call_id is not None,
        }
        subject = render_to_string("measures/email/reporting_link_subject.txt", context)
        return subject, render_to_string("measures/email/reporting_link.txt", context)


class ReportingCallQuerySet(models.QuerySet):
    def recent(self, now=None):
        since = (now or timezone.now()) - datetime.timedelta(days=ReportingCall.MIN_DAYS_APART)
        return self.filter(created_at__gt=since)


class ReportingCall(models.Model):
    """The annual call for reports: one per year, to every partner with a known address."""

    MIN_DAYS_APART = 300

    created_at = models.DateTimeField(_("versandt"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ausgelöst von"),
    )
    link_count = models.PositiveIntegerField(_("Berichtslinks"), default=0)

    objects = ReportingCallQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Berichtsaufruf")
        verbose_name_plural = _("Berichtsaufrufe")

    def __str__(self):
        return _("Berichtsaufruf vom %(date)s") % {"date": self.created_at.date().isoformat()}
