"""Press releases and event notices ("Terminhinweise"), and the ministry's letterhead.

Both kinds of press item share one table (`PressItem`, multi-table inheritance): the archive
at /presse/, the feeds and the partner pages list both kinds newest first with one ordered
query, and what is public is defined once, by `PressItemQuerySet.due()`.
"""

import uuid
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import images, richtext, search
from core.cache import remember
from core.richtext import RichTextField
from core.text import one_line, plain_text
from core.uploads import ImageFileField, PdfFileField, RandomFileName
from core.workflow import Workflow, WorkflowQuerySet
from partners.models import Partner

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
MINISTRY_NAME = "Ministerium für Arbeit, Integration und Soziales des Landes Nordrhein-Westfalen"
DEFAULT_ADDRESSEE = "An die Damen und Herren von Presse, Hörfunk, Fernsehen und Online"
DEFAULT_SALUTATION = "Sehr geehrte Damen und Herren,\nliebe Kolleginnen und Kollegen,"


def berlin(moment):
    return timezone.localtime(moment, BERLIN)


class Letterhead(models.Model):
    """The ministry's letterhead: one row, edited in the admin, shown in the footer and on
    the press pages. Read it with `Letterhead.current()`, which is remembered like every
    value derived from the content (core.cache.remember): any content change, this one
    included, makes every process read it afresh."""

    REMEMBER_KEY = "press:letterhead"

    name = models.CharField(_("Name des Ministeriums"), max_length=200, default=MINISTRY_NAME)
    street = models.CharField(_("Dienstgebäude: Straße und Hausnummer"), max_length=200)
    postcode = models.CharField(_("Dienstgebäude: Postleitzahl"), max_length=10)
    city = models.CharField(_("Dienstgebäude: Ort"), max_length=100)
    postal_postcode = models.CharField(_("Postanschrift: Postleitzahl"), max_length=10)
    postal_city = models.CharField(_("Postanschrift: Ort"), max_length=100)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    fax = models.CharField(_("Telefax"), max_length=50, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    public_transport = models.TextField(
        _("Öffentliche Verkehrsmittel"),
        blank=True,
        help_text=_("Eine Verbindung je Zeile, z. B. „Rheinbahn Linien 704, 709, Haltestelle …“."),
    )

    class Meta:
        verbose_name = _("Briefkopf des Ministeriums")
        verbose_name_plural = _("Briefkopf des Ministeriums")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1  # there is only one letterhead
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        """The letterhead, or None; one query per content version, none otherwise."""
        return remember(cls.REMEMBER_KEY, cls.objects.filter(pk=1).first)

    @property
    def sender_line(self):
        """The return address above the addressee: "Ministerium …, 40190 Düsseldorf"."""
        return f"{self.name}, {self.postal_postcode} {self.postal_city}"

    @property
    def website_display(self):
        return self.website.split("://", 1)[-1].rstrip("/")

    def public_transport_lines(self):
        return [line.strip() for line in self.public_transport.splitlines() if line.strip()]


def default_issuer():
    letterhead = Letterhead.current()
    return letterhead.name if letterhead else MINISTRY_NAME


class PressItemQuerySet(WorkflowQuerySet):
    def due(self, now=None):
        """What the public sees: published, and the publish-at moment (if any) has come."""
        now = now or timezone.now()
        return self.filter(Q(publish_at__isnull=True) | Q(publish_at__lte=now), is_published=True)

    def scheduled(self, now=None):
        """Published, but waiting for its publish-at moment."""
        return self.filter(is_published=True, publish_at__gt=now or timezone.now())

    def newest_first(self):
        return self.order_by("-dated_at", "-pk")

    def search_text(self, query):
        """The site search over titles and texts, full-text where the database can."""
        return search.full_text(self, ["title", "body"], query)

    def filter_by(self, params):
        """Apply the archive's filters; `params` is a filter form's cleaned data."""
        if params.get("kind"):
            self = self.filter(kind=params["kind"])
        if params.get("year"):
            self = self.filter(dated_at__year=params["year"])
        return self

    def years(self):
        """The years (Europe/Berlin) that have items, newest first."""
        return [
            moment.year for moment in self.datetimes("dated_at", "year", "DESC", tzinfo=BERLIN)
        ]

    def with_list_data(self):
        """Both kinds with their own fields, in one query (PressItem only)."""
        return self.select_related("pressrelease", "eventnotice").newest_first()


class PressItem(Workflow):
    """What press releases and event notices have in common."""

    publish_at_field = "publish_at"

    class Kind(models.TextChoices):
        RELEASE = "release", _("Pressemitteilung")
        NOTICE = "notice", _("Terminhinweis")

    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, editable=False)
    title = models.CharField(_("Titel"), max_length=300)
    slug = models.SlugField(_("Kürzel in der Adresse"), max_length=200, unique=True)
    dated_at = models.DateTimeField(
        _("Datum"),
        default=timezone.now,
        help_text=_("Das Datum, das über dem Text steht; bestimmt die Reihenfolge im Archiv."),
    )
    body = RichTextField(_("Text"))
    partners = models.ManyToManyField(
        "partners.Partner",
        blank=True,
        related_name="press_items",
        verbose_name=_("Betroffene Partner"),
    )
    contact_name = models.CharField(_("Pressekontakt: Name"), max_length=200, blank=True)
    contact_role = models.CharField(_("Pressekontakt: Funktion"), max_length=300, blank=True)
    contact_phone = models.CharField(_("Pressekontakt: Telefon"), max_length=50, blank=True)
    contact_email = models.EmailField(_("Pressekontakt: E-Mail"), blank=True)
    is_published = models.BooleanField(_("veröffentlicht"), default=False)
    publish_at = models.DateTimeField(
        _("Öffentlich ab"),
        null=True,
        blank=True,
        help_text=_(
            "Leer: öffentlich, sobald die Freigabe den Eintrag freigibt. Mit Datum: "
            "nach der Freigabe erst ab diesem Zeitpunkt öffentlich (Zeitzone Europe/Berlin)."
        ),
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    objects = PressItemQuerySet.as_manager()

    class Meta:
        ordering = ["-dated_at", "-pk"]
        verbose_name = _("Presseeintrag")
        verbose_name_plural = _("Presseeinträge")
        permissions = [
            ("publish_pressitem", _("Presseeinträge freigeben, planen und zurückziehen"))
        ]
        indexes = [models.Index(fields=["is_published", "dated_at"], name="press_item_public")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        name = "press:release" if self.kind == self.Kind.RELEASE else "press:notice"
        return reverse(name, kwargs={"slug": self.slug})

    @property
    def search_summary(self):
        """The text the site search shows an excerpt of."""
        return plain_text(self.body)

    @property
    def specific(self):
        """The press release or event notice behind this row."""
        if type(self) is not PressItem:
            return self
        if self.kind == self.Kind.RELEASE:
            return self.pressrelease
        return self.eventnotice

    @property
    def is_release(self):
        return self.kind == self.Kind.RELEASE

    @property
    def is_notice(self):
        return self.kind == self.Kind.NOTICE

    # The status wording lives here, for pages, feeds and calendars alike: a press item that
    # no longer stands as announced (a changed or cancelled event notice) says so in front
    # of its title, in the same words everywhere.

    @property
    def status_label(self):
        """ "Abgesagt" or "Geändert"; empty for press releases and notices as planned."""
        entry = self.specific
        return entry.status_label if entry is not self else ""

    @property
    def status_prefix(self):
        """ "Abgesagt:" or "Geändert:" in front of a title; empty while nothing is off."""
        label = self.status_label
        return gettext("%(status)s:") % {"status": label} if label else ""

    def with_status(self, text):
        """`text` with the status in front: "Abgesagt: <text>"."""
        return f"{self.status_prefix} {text}".lstrip()

    @property
    def status_title(self):
        return self.with_status(self.title)

    def is_due(self, now=None):
        """The per-object form of `PressItemQuerySet.due()`."""
        now = now or timezone.now()
        return self.is_published and (self.publish_at is None or self.publish_at <= now)

    @property
    def dated_on(self):
        return berlin(self.dated_at).date()

    @property
    def has_contact(self):
        return bool(self.contact_name or self.contact_phone or self.contact_email)


def _published_partners():
    return Partner.objects.published().order_by("name")


def partner_page_press_items():
    """What a partner's page shows of the press: the due items that name the partner
    (registered with PartnerQuerySet.add_detail_prefetch in PressConfig.ready())."""
    return Prefetch(
        "press_items",
        queryset=PressItem.objects.due().with_list_data(),
        to_attr="public_press_items",
    )


class PressReleaseQuerySet(PressItemQuerySet):
    def with_detail_data(self):
        return self.prefetch_related(
            Prefetch("partners", queryset=_published_partners()), "attachments"
        )


class PressRelease(images.RenditionsMixin, PressItem):
    teaser = RichTextField(
        _("Vorspann"),
        kind=richtext.INLINE,
        help_text=_("Zwei, drei Sätze: erscheinen in Übersicht und Feed."),
    )
    issuer = models.CharField(_("Herausgeber"), max_length=200, default=default_issuer)
    image = ImageFileField(
        _("Bild"),
        upload_to=RandomFileName("press/images"),
        width_field="image_width",
        height_field="image_height",
        blank=True,
    )
    image_width = models.PositiveIntegerField(editable=False, null=True)
    image_height = models.PositiveIntegerField(editable=False, null=True)
    image_alt = models.CharField(
        _("Alternativtext des Bildes"),
        max_length=300,
        blank=True,
        help_text=_("Beschreibt, was auf dem Bild zu sehen ist (für Screenreader)."),
    )
    image_credit = models.CharField(_("Bildnachweis"), max_length=200, blank=True)
    renditions = models.JSONField(_("Bildvarianten"), default=dict, blank=True, editable=False)

    objects = PressReleaseQuerySet.as_manager()

    # The image spans the content column, for the browser's choice of rendition.
    SIZES = (
        "(min-width: 1400px) 1296px, (min-width: 1200px) 1116px, (min-width: 992px) 936px, "
        "(min-width: 768px) 696px, (min-width: 576px) 516px, calc(100vw - 1.5rem)"
    )

    class Meta:
        ordering = ["-dated_at", "-pk"]
        verbose_name = _("Pressemitteilung")
        verbose_name_plural = _("Pressemitteilungen")

    def save(self, *args, **kwargs):
        self.kind = PressItem.Kind.RELEASE
        super().save(*args, **kwargs)

    def clean(self):
        if self.image:
            errors = {}
            if not self.image_alt.strip():
                errors["image_alt"] = _("Bitte beschreiben Sie das Bild (Alternativtext).")
            if not self.image_credit.strip():
                errors["image_credit"] = _("Bitte geben Sie den Bildnachweis an.")
            if errors:
                raise ValidationError(errors)

    def structured_data(self, absolute_uri):
        """schema.org NewsArticle for the detail page; `absolute_uri` makes URLs absolute."""
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "description": one_line(plain_text(self.teaser)),
            "datePublished": self.dated_at,
            "dateModified": self.updated_at,
            "inLanguage": "de",
            "url": absolute_uri(self.get_absolute_url()),
            "mainEntityOfPage": absolute_uri(self.get_absolute_url()),
            "author": {"@type": "Organization", "name": self.issuer},
            "publisher": {"@type": "Organization", "name": self.issuer},
        }
        if self.image:
            data["image"] = [absolute_uri(self.image.url)]
        return data


class Attachment(models.Model):
    press_release = models.ForeignKey(
        PressRelease, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("Titel"), max_length=300)
    file = PdfFileField(
        _("PDF-Datei"), upload_to=RandomFileName("press/attachments"), size_field="size"
    )
    size = models.PositiveBigIntegerField(_("Größe in Bytes"), editable=False, default=0)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("Anhang (PDF)")
        verbose_name_plural = _("Anhänge (PDF)")

    def __str__(self):
        return self.title


class EventNoticeQuerySet(PressItemQuerySet):
    def _still_on(self, now):
        """Not over yet: the end is ahead, or (without an end) it starts today or later."""
        start_of_today = berlin(now).replace(hour=0, minute=0, second=0, microsecond=0)
        return Q(end__gte=now) | Q(end__isnull=True, start__gte=start_of_today)

    def upcoming(self, now=None):
        return self.filter(self._still_on(now or timezone.now())).order_by("start", "pk")

    def past(self, now=None):
        return self.exclude(self._still_on(now or timezone.now())).order_by("-start", "-pk")

    def with_detail_data(self):
        return self.prefetch_related(Prefetch("partners", queryset=_published_partners()))

    def cancel(self):
        return self.update(status=EventNotice.Status.CANCELLED, sequence=F("sequence") + 1)


class EventNotice(PressItem):
    """A "Terminhinweis": an invitation to the press to report on an event."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        CHANGED = "changed", _("geändert")
        CANCELLED = "cancelled", _("abgesagt")

    addressee = models.CharField(_("Anschrift"), max_length=300, default=DEFAULT_ADDRESSEE)
    salutation = models.TextField(_("Anrede"), blank=True, default=DEFAULT_SALUTATION)
    start = models.DateTimeField(_("Beginn"), help_text=_("Zeitzone Europe/Berlin."))
    end = models.DateTimeField(
        _("Ende"), null=True, blank=True, help_text=_("Leer lassen, wenn kein Ende genannt ist.")
    )
    venue_name = models.CharField(_("Veranstaltungsort"), max_length=200)
    venue_room = models.CharField(_("Raum"), max_length=200, blank=True)
    venue_street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    venue_postcode = models.CharField(_("Postleitzahl"), max_length=10, blank=True)
    venue_city = models.CharField(_("Ort"), max_length=100)
    organiser = models.CharField(_("Veranstalter"), max_length=300, blank=True)
    programme = RichTextField(
        _("Programmhinweis"), blank=True, help_text=_("Ablauf, Redebeiträge.")
    )
    signature_name = models.CharField(_("Unterschrift: Name"), max_length=200, blank=True)
    signature_unit = models.CharField(_("Unterschrift: Referat"), max_length=200, blank=True)
    status = models.CharField(
        _("Stand"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    status_note = models.TextField(
        _("Hinweis zur Änderung oder Absage"),
        blank=True,
        help_text=_("Was sich geändert hat oder warum der Termin entfällt."),
    )
    uid = models.UUIDField(_("Kalender-Kennung"), default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(_("Änderungszähler"), default=0, editable=False)

    objects = EventNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-dated_at", "-pk"]
        verbose_name = _("Terminhinweis")
        verbose_name_plural = _("Terminhinweise")

    def save(self, *args, **kwargs):
        self.kind = PressItem.Kind.NOTICE
        if self.pk:
            # Calendar programs take a higher SEQUENCE as "this event was updated".
            self.sequence += 1
        super().save(*args, **kwargs)

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("Das Ende muss nach dem Beginn liegen.")})
        if self.status != self.Status.PLANNED and not self.status_note.strip():
            raise ValidationError(
                {
                    "status_note": _(
                        "Bitte sagen Sie, was sich geändert hat oder warum der Termin entfällt."
                    )
                }
            )

    def get_ics_url(self):
        return reverse("press:notice_ics", kwargs={"slug": self.slug})

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def status_label(self):
        if self.status == self.Status.PLANNED:
            return ""
        return capfirst(self.get_status_display())

    def status_message(self):
        """ "Abgesagt: <note>" or "Geändert: <note>"; empty while the notice stands as planned."""
        note = self.status_note.strip()
        return self.with_status(note) if note else self.status_label

    def status_announcement(self):
        """The sentence on the notice's own page; empty while the notice stands as planned."""
        announcements = {
            self.Status.CHANGED: gettext("Dieser Termin hat sich geändert."),
            self.Status.CANCELLED: gettext("Dieser Termin ist abgesagt."),
        }
        return announcements.get(self.status, "")

    @property
    def start_local(self):
        return berlin(self.start)

    @property
    def end_local(self):
        return berlin(self.end) if self.end else None

    def when_display(self):
        """ "Freitag, 31. März 2017, ab 14:00 Uhr", "…, 14:00 bis 16:00 Uhr", or two days."""
        start = self.start_local
        day = date_format(start, "l, j. F Y")
        time = date_format(start, "H:i")
        end = self.end_local
        if end is None:
            return gettext("%(day)s, ab %(time)s Uhr") % {"day": day, "time": time}
        if end.date() == start.date():
            return gettext("%(day)s, %(time)s bis %(end)s Uhr") % {
                "day": day,
                "time": time,
                "end": date_format(end, "H:i"),
            }
        return gettext("%(day)s, %(time)s Uhr bis %(end_day)s, %(end)s Uhr") % {
            "day": day,
            "time": time,
            "end_day": date_format(end, "l, j. F Y"),
            "end": date_format(end, "H:i"),
        }

    def address_lines(self):
        """Venue, room, street, "postcode city": the lines of the place block."""
        town = f"{self.venue_postcode} {self.venue_city}".strip()
        return [
            part for part in (self.venue_name, self.venue_room, self.venue_street, town) if part
        ]

    @property
    def location_display(self):
        return ", ".join(self.address_lines())

    @property
    def signature_display(self):
        return ", ".join(part for part in (self.signature_name, self.signature_unit) if part)

    def is_upcoming(self, now=None):
        now = now or timezone.now()
        if self.end:
            return self.end >= now
        return self.start_local.date() >= berlin(now).date()

    def structured_data(self, absolute_uri):
        """schema.org Event for the detail page; `absolute_uri` makes URLs absolute."""
        address = {
            "@type": "PostalAddress",
            "streetAddress": self.venue_street,
            "postalCode": self.venue_postcode,
            "addressLocality": self.venue_city,
            "addressCountry": "DE",
        }
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "description": one_line(plain_text(self.body)),
            "startDate": self.start_local,
            "eventStatus": "https://schema.org/EventCancelled"
            if self.is_cancelled
            else "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": {
                "@type": "Place",
                "name": ", ".join(p for p in (self.venue_name, self.venue_room) if p),
                "address": {key: value for key, value in address.items() if value},
            },
            "url": absolute_uri(self.get_absolute_url()),
            "inLanguage": "de",
        }
        if self.end:
            data["endDate"] = self.end_local
        if self.organiser:
            data["organizer"] = {"@type": "Organization", "name": self.organiser}
        return data
