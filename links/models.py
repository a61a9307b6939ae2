import hashlib
from collections import defaultdict
from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .sources import MAX_URL_LENGTH, SOURCES, SOURCES_BY_KEY


def url_hash(url):
    return hashlib.sha256(url.encode()).hexdigest()


class Result(models.TextChoices):
    OK = "ok", _("in Ordnung")
    MOVED = "moved", _("umgezogen")
    BROKEN = "broken", _("defekt")
    ERROR = "error", _("nicht erreichbar")


FAILED = (Result.BROKEN, Result.ERROR)


class CheckedLinkQuerySet(models.QuerySet):
    def due(self, days):
        """Never checked, marked for a new check, or last checked ``days`` or more calendar
        days ago. Whole days, so that a daily run a few minutes earlier than last week's
        does not push the link to the day after."""
        first_day_not_due = timezone.localdate() - timedelta(days=days - 1)
        cutoff = timezone.make_aware(datetime.combine(first_day_not_due, time.min))
        return self.filter(
            Q(last_checked__isnull=True) | Q(recheck_requested=True) | Q(last_checked__lt=cutoff)
        )

    def with_severity(self):
        """Annotates ``severity``: 0 broken, 1 unreachable, 2 moved, 3 never checked, 4 ok."""
        return self.annotate(
            severity=models.Case(
                models.When(result=Result.BROKEN, then=0),
                models.When(result=Result.ERROR, then=1),
                models.When(result=Result.MOVED, then=2),
                models.When(result="", then=3),
                default=4,
                output_field=models.IntegerField(),
            )
        )

    def failing(self):
        return self.filter(result__in=FAILED)

    def in_check_order(self):
        """Never checked first, then those asked for, then the longest unchecked."""
        return self.order_by(
            models.F("last_checked").asc(nulls_first=True), "-recheck_requested", "pk"
        )

    def request_recheck(self):
        return self.update(recheck_requested=True)

    @transaction.atomic
    def collect(self):
        """Bring the list up to date with the content: one row per external address in
        any SOURCES field, with the places that use it. Results of addresses still in use
        are kept; addresses no longer used anywhere are dropped. Returns the number of
        addresses in use."""
        places = defaultdict(set)
        for source in SOURCES:
            content_type = ContentType.objects.get_for_model(source.owner_model)
            for owner, url in source.uses():
                places[url].add((content_type.pk, owner.pk, str(owner)[:300], source.key))

        wanted = {url_hash(url): url for url in places}
        # The whole table, whatever this queryset was filtered by.
        links = self.model._default_manager.all()
        known = dict(links.values_list("url_hash", "pk"))
        links.filter(pk__in=[pk for key, pk in known.items() if key not in wanted]).delete()
        links.bulk_create(
            [CheckedLink(url=url, url_hash=key) for key, url in wanted.items() if key not in known]
        )
        ids = dict(links.values_list("url_hash", "pk"))
        LinkUse.objects.all().delete()
        LinkUse.objects.bulk_create(
            [
                LinkUse(
                    link_id=ids[url_hash(url)],
                    content_type_id=content_type_id,
                    object_id=object_id,
                    object_label=label,
                    source=source,
                )
                for url, uses in places.items()
                for content_type_id, object_id, label, source in sorted(uses)
            ],
            batch_size=500,
        )
        return len(places)


class CheckedLink(models.Model):
    """An external address the portal links to, with the result of its last check."""

    url = models.CharField(_("Adresse"), max_length=MAX_URL_LENGTH)
    # A unique index on the address itself would hit PostgreSQL's limit on index entries
    # for long non-ASCII addresses; the hash is short and just as unique.
    url_hash = models.CharField(max_length=64, unique=True, editable=False)
    result = models.CharField(_("Ergebnis"), max_length=10, choices=Result.choices, blank=True)
    status_code = models.PositiveSmallIntegerField(_("HTTP-Status"), null=True, blank=True)
    final_url = models.CharField(
        _("Ziel nach Weiterleitungen"), max_length=MAX_URL_LENGTH, blank=True
    )
    redirects = models.JSONField(
        _("Weiterleitungen"),
        default=list,
        blank=True,
        help_text=_("Jede Station: Adresse und HTTP-Status der Weiterleitung."),
    )
    error = models.CharField(_("Fehler"), max_length=500, blank=True)
    last_checked = models.DateTimeField(_("zuletzt geprüft"), null=True, blank=True)
    first_failed = models.DateTimeField(_("fehlerhaft seit"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(_("Fehlschläge in Folge"), default=0)
    recheck_requested = models.BooleanField(_("erneute Prüfung angefordert"), default=False)

    objects = CheckedLinkQuerySet.as_manager()

    class Meta:
        ordering = ["url"]
        verbose_name = _("geprüfter Link")
        verbose_name_plural = _("geprüfte Links")

    def __str__(self):
        return self.url

    def save(self, *args, **kwargs):
        self.url_hash = url_hash(self.url)
        super().save(*args, **kwargs)

    def record(self, outcome, when=None):
        """Store the outcome of a check; a failure keeps the time of the first one."""
        when = when or timezone.now()
        self.result = outcome.result
        self.status_code = outcome.status_code
        self.final_url = outcome.final_url[:MAX_URL_LENGTH]
        self.redirects = outcome.redirects
        self.error = outcome.error[:500]
        self.last_checked = when
        self.recheck_requested = False
        if outcome.result in FAILED:
            self.consecutive_failures += 1
            self.first_failed = self.first_failed or when
        else:
            self.consecutive_failures = 0
            self.first_failed = None
        self.save()


class LinkUse(models.Model):
    """One place that links to a checked address: an object and the field holding it."""

    link = models.ForeignKey(CheckedLink, on_delete=models.CASCADE, related_name="uses")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    object_label = models.CharField(_("Objekt"), max_length=300)
    source = models.CharField(_("Feld"), max_length=100)

    class Meta:
        ordering = ["content_type", "object_label", "source"]
        verbose_name = _("Verwendung")
        verbose_name_plural = _("Verwendungen")

    def __str__(self):
        return f"{self.object_label} – {self.field_label}"

    @property
    def field_label(self):
        source = SOURCES_BY_KEY.get(self.source)
        return source.label if source else self.source

    def admin_url(self):
        """The admin page that edits the object, or "" if it has none."""
        try:
            return reverse(
                f"admin:{self.content_type.app_label}_{self.content_type.model}_change",
                args=[self.object_id],
            )
        except NoReverseMatch:
            return ""
