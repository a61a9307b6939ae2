"""Requests to become a partner, general contact messages, the e-mails sent about them,
and the documents offered for download on "Partner werden".

A submission (request or message) is saved together with its e-mails as rows of their own
(``Notification``) with a delivery state; the ``send_pending_notifications`` worker sends
them, outside any visitor's request, and retries what failed, so that nothing is lost when
the mail server is down or slow.
"""

import datetime
import re
import secrets
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.text import html_from_text, paragraphs
from core.tokens import SecretLink, digest
from core.uploads import PdfFileField, RandomFileName
from core.workflow import approval_request, approver_addresses
from partners.models import Category, Partner, Region

from .storage import get_private_storage

_GERMAN_LETTERS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def german_slug(text, max_length=180):
    """A slug that spells umlauts the German way: "Stadt Jülich" -> "stadt-juelich"."""
    text = text.translate(_GERMAN_LETTERS).replace("ß", "ss")
    return slugify(text)[:max_length].strip("-")


def one_line(text, max_length=200):
    """Text for a header line: no line breaks or control characters, limited length."""
    text = re.sub(r"[\x00-\x1f\x7f]+", " ", str(text))
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= max_length else text[: max_length - 1] + "…"


class SubmissionQuerySet(models.QuerySet):
    def closed(self):
        return self.filter(status__in=self.model.CLOSED_STATUSES)

    def still_open(self):
        return self.exclude(status__in=self.model.CLOSED_STATUSES)

    def retention_cutoff(self, now=None):
        days = settings.SUBMISSION_RETENTION_DAYS
        return (now or timezone.now()) - datetime.timedelta(days=days)

    def due_for_purge(self, now=None):
        """Closed submissions whose retention period has run out.

        The period runs from closing; a row closed without passing through save() (a bulk
        update) has no closing date and counts from its arrival instead.
        """
        return (
            self.closed()
            .alias(closed_or_created=Coalesce("closed_at", "created_at"))
            .filter(closed_or_created__lt=self.retention_cutoff(now))
        )

    def open_beyond_retention(self, now=None):
        """Open submissions older than the retention period: someone should look at them."""
        return self.still_open().filter(created_at__lt=self.retention_cutoff(now))

    def with_list_data(self):
        return self.select_related(*self.model.LIST_RELATED).prefetch_related("notifications")

    def unsent_notifications(self):
        return Notification.objects.filter(
            **{f"{self.model.NOTIFICATION_FIELD}__in": self}
        ).exclude(state=Notification.State.SENT)


class Submission(models.Model):
    """What requests and messages share: the sender's address, handling and retention."""

    #: Statuses after which the submission is finished and its retention period runs.
    CLOSED_STATUSES = ()
    #: Prefix of the reference quoted in e-mails, e.g. "PA-2025-00012".
    REFERENCE_PREFIX = ""
    #: The foreign key on Notification that points to this kind of submission.
    NOTIFICATION_FIELD = ""
    #: Foreign keys the admin's list shows.
    LIST_RELATED = ("assignee",)

    email = models.EmailField(_("E-Mail-Adresse"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        limit_choices_to={"is_staff": True},
        related_name="+",
        verbose_name=_("zuständig"),
    )
    internal_notes = models.TextField(
        _("Interne Notizen"),
        blank=True,
        help_text=_("Nur für die Bearbeitung im Ministerium; wird nie versandt."),
    )
    created_at = models.DateTimeField(_("eingegangen am"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True, editable=False)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def save(self, *args, **kwargs):
        # The retention period runs from closing; reopening stops it.
        if self.is_closed and not self.closed_at:
            self.closed_at = timezone.now()
        elif not self.is_closed:
            self.closed_at = None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "status" in update_fields:
            kwargs["update_fields"] = {*update_fields, "closed_at"}
        super().save(*args, **kwargs)

    @property
    def is_closed(self):
        return self.status in self.CLOSED_STATUSES

    @property
    def reference(self):
        if not self.pk:
            return ""
        return f"{self.REFERENCE_PREFIX}-{self.created_at.year}-{self.pk:05d}"

    def create_notifications(self):
        """The two e-mails every submission causes, as pending rows."""
        return [
            self.notifications.create(kind=Notification.Kind.STAFF),
            self.notifications.create(kind=Notification.Kind.CONFIRMATION),
        ]

    def get_admin_url(self):
        opts = self._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.pk])

    def staff_subject(self):
        raise NotImplementedError

    def confirmation_subject(self):
        raise NotImplementedError


# Status links mailed before each was a row of its own: the request's id and a secret
# stored on the request, signed (``signing.dumps``) under this salt.
EARLIER_STATUS_TOKEN_SALT = "contact.request-status"


def status_secret():
    """The secret of an earlier status link; migration 0006 calls it."""
    return secrets.token_urlsafe(24)


class PartnerRequest(Submission):
    """An organisation's request to join the initiative.

    The organisation follows it on a status page behind its status links
    (``StatusLink``): every e-mail to it carries a new one, and purging the request kills
    them all.
    """

    class Status(models.TextChoices):
        NEW = "new", _("neu")
        IN_PROGRESS = "in_progress", _("in Bearbeitung")
        QUESTION = "question", _("Rückfrage an die Organisation")
        ACCEPTED = "accepted", _("angenommen")
        REJECTED = "rejected", _("abgelehnt")

    #: What the organisation reads on its status page for each status.
    PUBLIC_STATUS = {
        Status.NEW: _("Eingegangen"),
        Status.IN_PROGRESS: _("In Prüfung"),
        Status.QUESTION: _("Rückfrage"),
        Status.ACCEPTED: _("Angenommen – Unterzeichnung geplant"),
        Status.REJECTED: _("Abgelehnt"),
    }

    CLOSED_STATUSES = (Status.ACCEPTED, Status.REJECTED)
    REFERENCE_PREFIX = "PA"
    NOTIFICATION_FIELD = "partner_request"
    LIST_RELATED = ("assignee", "category")

    organisation = models.CharField(_("Name der Organisation"), max_length=200)
    category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Art der Organisation"),
    )
    city = models.CharField(_("Ort"), max_length=100)
    region = models.CharField(_("Regierungsbezirk"), max_length=20, choices=Region.choices)
    website = models.URLField(_("Website"), max_length=200)
    contact_name = models.CharField(_("Name der Ansprechperson"), max_length=200)
    contact_role = models.CharField(_("Funktion der Ansprechperson"), max_length=200)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    measures = models.TextField(_("Geplante Maßnahmen"), max_length=5000)
    message = models.TextField(_("Nachricht"), max_length=5000)
    attachment = PdfFileField(
        _("Anlage (PDF)"),
        upload_to=RandomFileName("contact/requests"),
        storage=get_private_storage,
        blank=True,
    )
    status = models.CharField(
        _("Status"),
        max_length=20,
        choices=Status.choices,
        default=Status.NEW,
        db_index=True,
        help_text=_(
            "Eine Änderung teilt das Portal der Organisation per E-Mail mit; den Stand liest "
            "sie auf ihrer Statusseite."
        ),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("Partner-Entwurf"),
    )
    question = models.TextField(
        _("Rückfrage an die Organisation"),
        max_length=5000,
        blank=True,
        help_text=_(
            "Erscheint auf der Statusseite der Organisation, die dort antworten kann, "
            "solange der Status „Rückfrage an die Organisation“ ist."
        ),
    )
    answer = models.TextField(_("Antwort der Organisation"), max_length=5000, blank=True)
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)
    signing_date = models.DateField(_("geplante Unterzeichnung am"), null=True, blank=True)
    signing_place = models.CharField(_("geplante Unterzeichnung in"), max_length=200, blank=True)
    decision_text = models.TextField(
        _("Mitteilung zur Ablehnung"),
        max_length=5000,
        blank=True,
        help_text=_("Freiwillig; erscheint bei „abgelehnt“ auf der Statusseite."),
    )

    class Meta(Submission.Meta):
        verbose_name = _("Partneranfrage")
        verbose_name_plural = _("Partneranfragen")

    #: The status as loaded, to tell a change of status on save; None for a new request.
    _saved_status = None

    def __str__(self):
        return f"{self.reference} {self.organisation}".strip()

    def save(self, *args, **kwargs):
        """Save; a new status is written to the timeline, and a change of status of an
        existing request is mailed to the organisation (a notification row), all or
        nothing."""
        update_fields = kwargs.get("update_fields")
        changed = (
            self.status != self._saved_status
            and self._saved_status is not models.DEFERRED
            and (update_fields is None or "status" in update_fields)
        )
        notify = changed and self._saved_status is not None
        with transaction.atomic():
            super().save(*args, **kwargs)
            if changed:
                self.status_changes.create(status=self.status)
            if notify:
                self.notifications.create(kind=Notification.Kind.STATUS)
        self._saved_status = self.status

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_status = instance.__dict__.get("status", models.DEFERRED)
        return instance

    @property
    def public_status(self):
        return self.PUBLIC_STATUS[self.status]

    @property
    def awaits_answer(self):
        return self.status == self.Status.QUESTION and not self.answered_at

    def new_status_url(self):
        """The path of a new status link of this request: its token exists only now."""
        link = StatusLink(partner_request=self)
        token = link.new_token()
        link.save()
        return link.path(token)

    def status_subject(self):
        return _("Neuer Stand Ihrer Anfrage %(reference)s") % {"reference": self.reference}

    def answer_subject(self):
        return _("Antwort auf die Rückfrage zu %(reference)s: %(organisation)s") % {
            "reference": self.reference,
            "organisation": self.organisation,
        }

    def save_answer(self, answer):
        """Store the organisation's answer and queue the e-mail to the office; False when
        there is no open question (any more): two answers sent at once store one."""
        now = timezone.now()
        with transaction.atomic():
            stored = (
                type(self)
                .objects.filter(pk=self.pk, status=self.Status.QUESTION, answered_at__isnull=True)
                .update(answer=answer, answered_at=now, updated_at=now)
            )
            if stored:
                self.notifications.create(kind=Notification.Kind.ANSWER)
        if stored:
            self.answer, self.answered_at = answer, now
        return bool(stored)

    def staff_subject(self):
        return _("Neue Partneranfrage %(reference)s: %(organisation)s") % {
            "reference": self.reference,
            "organisation": self.organisation,
        }

    def confirmation_subject(self):
        return _("Ihre Anfrage zur Partnerinitiative „Vielfalt verbindet!“ (%(reference)s)") % {
            "reference": self.reference
        }

    def create_partner_draft(self):
        """Turn the request into an unpublished partner, prefilled; mark it accepted.

        Raises ValidationError (with a message for the clerk) when the request cannot be
        converted. Two clerks converting at once get one draft: the row is locked.
        """
        with transaction.atomic():
            current = type(self).objects.select_for_update().get(pk=self.pk)
            if current.partner_id:
                raise ValidationError(
                    _("Aus der Anfrage %(reference)s wurde bereits ein Partner-Entwurf angelegt."),
                    params={"reference": self.reference},
                )
            if current.status == self.Status.REJECTED:
                raise ValidationError(
                    _("Die Anfrage %(reference)s ist abgelehnt."),
                    params={"reference": self.reference},
                )
            if current.category_id is None:
                raise ValidationError(
                    _("Bitte ordnen Sie der Anfrage %(reference)s zuerst eine Art zu."),
                    params={"reference": self.reference},
                )
            partner = Partner.objects.create(
                name=current.organisation,
                slug=self.unique_partner_slug(current.organisation),
                city=current.city,
                region=current.region,
                website=current.website,
                commitment=html_from_text(current.measures),
                is_published=False,
            )
            partner.categories.add(current.category_id)
            current.partner = partner
            current.status = self.Status.ACCEPTED
            current.save()
        self.partner, self.status, self.closed_at = partner, current.status, current.closed_at
        self._saved_status = current.status
        return partner

    @classmethod
    def delete_orphaned_attachments(cls, older_than):
        """Delete stored attachments that no request refers to any more and return how many.

        They are left behind when removing a file failed after its request was deleted (the
        object store was unreachable). Only files last changed before ``older_than`` count:
        a request being sent right now has its file stored before its row is committed.
        """
        field = cls._meta.get_field("attachment")
        storage, folder = field.storage, field.upload_to.folder
        try:
            _folders, files = storage.listdir(folder)
        except FileNotFoundError:
            return 0
        known = set(cls.objects.exclude(attachment="").values_list("attachment", flat=True))
        orphans = [
            name
            for name in (f"{folder}/{file}" for file in files)
            if name not in known and storage.get_modified_time(name) < older_than
        ]
        for name in orphans:
            storage.delete(name)
        return len(orphans)

    @staticmethod
    def unique_partner_slug(name):
        base = german_slug(name) or "partner"
        taken = set(Partner.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        slug, number = base, 2
        while slug in taken:
            slug = f"{base}-{number}"
            number += 1
        return slug


class StatusLink(SecretLink):
    """One address of a request's status page. Only its token's hash is stored, so each
    e-mail to the organisation gets a new link when it is built; all of them stay valid
    until the request is purged."""

    token_salt = "contact.StatusLink"
    url_name = "contact:partner_request_status"

    partner_request = models.ForeignKey(
        PartnerRequest,
        on_delete=models.CASCADE,
        related_name="status_links",
        verbose_name=_("Partneranfrage"),
    )
    created_at = models.DateTimeField(_("erstellt am"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Statuslink")
        verbose_name_plural = _("Statuslinks")

    def __str__(self):
        return _("Statuslink zu %(request)s") % {"request": self.partner_request}

    @classmethod
    def earlier_token_hash(cls, token):
        # The migration that made status links rows stored the hash of each request's
        # secret; an earlier token carries that secret, signed.
        try:
            _pk, secret = signing.loads(token, salt=EARLIER_STATUS_TOKEN_SALT)
        except (signing.BadSignature, TypeError, ValueError):
            return None
        return digest(secret) if isinstance(secret, str) else None


class StatusChange(models.Model):
    """One step of a partner request's timeline, as its status page shows it."""

    partner_request = models.ForeignKey(
        PartnerRequest, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("Status"), max_length=20, choices=PartnerRequest.Status.choices)
    changed_at = models.DateTimeField(_("geändert am"), default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusänderungen")

    def __str__(self):
        return f"{self.get_status_display()} ({self.changed_at:%Y-%m-%d %H:%M})"

    @property
    def public_status(self):
        return PartnerRequest.PUBLIC_STATUS[self.status]


class ContactMessage(Submission):
    """A question or remark sent through the general contact form."""

    class Status(models.TextChoices):
        NEW = "new", _("neu")
        IN_PROGRESS = "in_progress", _("in Bearbeitung")
        ANSWERED = "answered", _("beantwortet")
        DONE = "done", _("erledigt (ohne Antwort)")

    CLOSED_STATUSES = (Status.ANSWERED, Status.DONE)
    REFERENCE_PREFIX = "KO"
    NOTIFICATION_FIELD = "contact_message"

    name = models.CharField(_("Name"), max_length=200)
    subject = models.CharField(_("Betreff"), max_length=200)
    message = models.TextField(_("Nachricht"), max_length=5000)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )

    class Meta(Submission.Meta):
        verbose_name = _("Kontaktnachricht")
        verbose_name_plural = _("Kontaktnachrichten")

    def __str__(self):
        return f"{self.reference} {self.subject}".strip()

    def staff_subject(self):
        return _("Neue Kontaktnachricht %(reference)s: %(subject)s") % {
            "reference": self.reference,
            "subject": self.subject,
        }

    def confirmation_subject(self):
        return _("Ihre Nachricht an „Vielfalt verbindet!“ (%(reference)s)") % {
            "reference": self.reference
        }


def retry_delay(attempts):
    """How long a failed e-mail waits before the next attempt: 1, 2, 4 … minutes, at most an
    hour, so that ten attempts span about four hours of mail server outage."""
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


class NotificationQuerySet(models.QuerySet):
    def due_for_purge(self, now=None):
        """E-mails of no request or message (approvals, personal links) once the retention
        period has run out: they name a person's address, and nothing else deletes them.
        Those still waiting to be sent stay."""
        now = now or timezone.now()
        return self.filter(
            partner_request__isnull=True,
            contact_message__isnull=True,
            state__in=(Notification.State.SENT, Notification.State.FAILED),
            created_at__lt=now - datetime.timedelta(days=settings.SUBMISSION_RETENTION_DAYS),
        )

    def due(self, now=None):
        """What send_pending_notifications should (re)try.

        Pending ones, failed ones below the attempt limit whose retry delay has passed, and
        claimed ones whose claim is older than NOTIFICATION_CLAIM_TIMEOUT_SECONDS (the
        worker sending them died).
        """
        now = now or timezone.now()
        stale = now - datetime.timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT_SECONDS)
        below_limit = Q(attempts__lt=settings.NOTIFICATION_MAX_ATTEMPTS)
        return self.filter(
            (Q(state=Notification.State.PENDING) & below_limit)
            | (
                Q(state=Notification.State.FAILED)
                & below_limit
                & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            )
            | Q(state=Notification.State.SENDING, claimed_at__lt=stale)
        )

    def claim(self, limit, now=None):
        """Claim up to ``limit`` due notifications for the caller, who alone sends them.

        Correct on every database: the UPDATE repeats the "due" condition, so of two workers
        that selected the same rows only one changes each row (SQLite lets one writer at a
        time; PostgreSQL re-checks the condition on the row it waited for). On PostgreSQL
        the SELECT … FOR UPDATE SKIP LOCKED lets concurrent workers take different rows at
        once instead of waiting for each other; SQLite has no row locks and skips it.
        """
        now = now or timezone.now()
        claim = uuid.uuid4().hex
        with transaction.atomic(using=self.db):
            due = self.due(now).order_by("created_at", "pk")
            ids = list(
                due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit]
            )
            if ids:
                self.due(now).filter(pk__in=ids).update(
                    state=Notification.State.SENDING,
                    claimed_at=now,
                    claimed_by=claim,
                    updated_at=now,
                )
        return list(
            self.filter(state=Notification.State.SENDING, claimed_by=claim).with_submission()
        )

    def release(self, claimed, now=None):
        """Give claimed notifications that were not tried back (a worker stopping)."""
        return self.filter(
            pk__in=[notification.pk for notification in claimed],
            state=Notification.State.SENDING,
            claimed_by__in={notification.claimed_by for notification in claimed},
        ).update(
            state=Notification.State.PENDING, claimed_at=None, updated_at=now or timezone.now()
        )

    def requeue(self, now=None):
        """Start unsent notifications over, with a fresh attempt count, for the worker to send
        (admin action). Ones a worker is sending right now are left alone, else they could
        go out twice."""
        now = now or timezone.now()
        stale = now - datetime.timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT_SECONDS)
        return (
            self.exclude(state=Notification.State.SENT)
            .exclude(state=Notification.State.SENDING, claimed_at__gte=stale)
            .update(
                state=Notification.State.PENDING,
                attempts=0,
                next_attempt_at=None,
                claimed_at=None,
                updated_at=now,
            )
        )

    def given_up(self):
        return self.filter(
            state=Notification.State.FAILED, attempts__gte=settings.NOTIFICATION_MAX_ATTEMPTS
        )

    def with_submission(self):
        return self.select_related(
            "partner_request__category", "contact_message", "content_type"
        ).order_by("created_at", "pk")


class Notification(models.Model):
    """One e-mail about one submission, with its delivery state."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("Benachrichtigung an das Ministerium")
        CONFIRMATION = "confirmation", _("Eingangsbestätigung an die Absender")
        STATUS = "status", _("Neuer Stand an die Organisation")
        ANSWER = "answer", _("Antwort der Organisation an das Ministerium")
        APPROVAL = "approval", _("Bitte um Freigabe")
        LINK = "link", _("Persönlicher Link")

    #: Kinds that go to the office (CONTACT_NOTIFY_EMAILS), answerable to the sender.
    TO_OFFICE = (Kind.STAFF, Kind.ANSWER)

    class State(models.TextChoices):
        PENDING = "pending", _("wartet auf Versand")
        SENDING = "sending", _("wird versandt")
        SENT = "sent", _("versandt")
        FAILED = "failed", _("fehlgeschlagen")

    partner_request = models.ForeignKey(
        PartnerRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    contact_message = models.ForeignKey(
        ContactMessage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    # An approval request points to the submitted item (partner, press item, page) and
    # goes to one approver; a personal link (core.tokens.SecretLink) goes to whom it is for.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    item = GenericForeignKey("content_type", "object_id")
    recipient = models.EmailField(_("Empfänger"), blank=True)
    kind = models.CharField(_("E-Mail"), max_length=20, choices=Kind.choices)
    state = models.CharField(
        _("Versand"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    last_error = models.CharField(_("letzter Fehler"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("versandt am"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), null=True, blank=True)
    # Which run of the worker is sending it, since when; a claim older than
    # NOTIFICATION_CLAIM_TIMEOUT_SECONDS is given up (the worker died) and taken again.
    claimed_by = models.CharField(_("Versandlauf"), max_length=32, blank=True, db_index=True)
    claimed_at = models.DateTimeField(_("Versand begonnen"), null=True, blank=True)
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("E-Mail-Benachrichtigung")
        verbose_name_plural = _("E-Mail-Ausgang")
        permissions = [("resend_notification", _("Fehlgeschlagene E-Mails erneut versenden"))]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        partner_request__isnull=False,
                        contact_message__isnull=True,
                        content_type__isnull=True,
                    )
                    | Q(
                        partner_request__isnull=True,
                        contact_message__isnull=False,
                        content_type__isnull=True,
                    )
                    | Q(
                        partner_request__isnull=True,
                        contact_message__isnull=True,
                        content_type__isnull=False,
                        object_id__isnull=False,
                    )
                ),
                name="notification_belongs_to_one_submission_or_item",
            ),
            # Receipt and staff mail once; the others come with each change or answer.
            models.UniqueConstraint(
                fields=["partner_request", "kind"],
                condition=Q(kind__in=["staff", "confirmation"]),
                name="one_notification_per_request_and_kind",
            ),
            models.UniqueConstraint(
                fields=["contact_message", "kind"], name="one_notification_per_message_and_kind"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_state_display()}"

    @property
    def submission(self):
        return self.partner_request or self.contact_message

    def mark_sent(self):
        self.state = self.State.SENT
        self.attempts += 1
        self.sent_at = timezone.now()
        self.last_error = ""
        self.save(update_fields=["state", "attempts", "sent_at", "last_error", "updated_at"])

    def mark_failed(self, error):
        self.state = self.State.FAILED
        self.attempts += 1
        self.last_error = one_line(f"{type(error).__name__}: {error}", max_length=500)
        self.next_attempt_at = timezone.now() + retry_delay(self.attempts)
        self.save(
            update_fields=["state", "attempts", "last_error", "next_attempt_at", "updated_at"]
        )

    @classmethod
    def request_approval(cls, instance, submitter):
        """One e-mail row per approver of ``instance`` (not the submitter); the worker sends."""
        content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
        addresses = approver_addresses(type(instance), exclude=submitter)
        return cls.objects.bulk_create(
            cls(content_type=content_type, object_id=instance.pk, recipient=address,
                kind=cls.Kind.APPROVAL)
            for address in addresses
        )  # fmt: skip

    @classmethod
    def send_link(cls, link, recipient):
        """The e-mail that brings ``link`` to ``recipient``; its token is made when the
        worker builds it, so no token waits in this table."""
        return cls.objects.create(
            content_type=ContentType.objects.get_for_model(link, for_concrete_model=False),
            object_id=link.pk,
            recipient=recipient,
            kind=cls.Kind.LINK,
        )

    def build_link_message(self, connection=None):
        link = self.item
        if link is None or not link.is_usable():
            raise ValueError("the link was deleted, revoked or has expired")
        subject, body = link.mail()
        return EmailMessage(
            subject=one_line(subject), body=body, to=[self.recipient], connection=connection
        )

    def build_approval_message(self, connection=None):
        item = self.item
        asked = approval_request(item)
        context = {
            "item": item,
            "kind": item._meta.verbose_name,
            "submitted_by": asked["submitted_by"],
            "is_change": asked["is_change"],
            "admin_url": settings.PORTAL_URL + asked["path"],
        }
        return EmailMessage(
            subject=one_line(gettext("Zur Freigabe: %(item)s") % {"item": item}),
            body=render_to_string("contact/email/approval.txt", context),
            to=[self.recipient],
            connection=connection,
        )

    def build_message(self, connection=None):
        """The plain-text e-mail. User input goes in literally and is never interpreted."""
        if self.kind == self.Kind.APPROVAL:
            return self.build_approval_message(connection)
        if self.kind == self.Kind.LINK:
            return self.build_link_message(connection)
        submission = self.submission
        model_name = submission._meta.model_name
        context = {
            "submission": submission,
            "created": date_format(timezone.localtime(submission.created_at), "j. F Y, H:i")
            + " Uhr",
            "portal_url": settings.PORTAL_URL,
            "admin_url": settings.PORTAL_URL + submission.get_admin_url(),
            "privacy_url": settings.PORTAL_URL + reverse("page", args=["datenschutz"]),
        }
        if self.kind not in self.TO_OFFICE and hasattr(submission, "new_status_url"):
            context["status_url"] = settings.PORTAL_URL + submission.new_status_url()
        body = render_to_string(f"contact/email/{model_name}_{self.kind}.txt", context)
        subject = getattr(submission, f"{self.kind}_subject")()
        if self.kind in self.TO_OFFICE:
            to = list(settings.CONTACT_NOTIFY_EMAILS)
            reply_to = [submission.email]
        else:
            to = [submission.email]
            reply_to = []
        return EmailMessage(
            subject=one_line(subject),
            body=body,
            to=to,
            reply_to=reply_to,
            connection=connection,
        )


class DocumentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Document(models.Model):
    """A PDF staff offer for download on "Partner werden" (flyer, partner concept)."""

    title = models.CharField(_("Titel"), max_length=200)
    file = PdfFileField(
        _("Datei (PDF)"), upload_to=RandomFileName("contact/documents"), size_field="file_size"
    )
    description = models.TextField(_("Beschreibung"), max_length=1000, blank=True)
    file_size = models.PositiveBigIntegerField(_("Dateigröße"), default=0, editable=False)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    is_published = models.BooleanField(_("veröffentlicht"), default=True)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title", "pk"]
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")

    def __str__(self):
        return self.title

    def description_paragraphs(self):
        return paragraphs(self.description)
