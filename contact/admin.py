import re

import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core import desk
from core.media import media_headers
from core.readonly import ReadOnlyAdminMixin
from core.uploads import PDF_SUFFIX
from core.versions import VersionedAdmin

from .models import ContactMessage, Document, Notification, PartnerRequest

reversion.register(Document)

REFERENCE = re.compile(r"^(?:PA|KO)-\d{4}-0*(\d{1,18})$", re.IGNORECASE)


class NotificationInline(admin.TabularInline):
    """The e-mails about a submission and whether they went out (read-only)."""

    model = Notification
    extra = 0
    can_delete = False
    fields = readonly_fields = ["kind", "state", "attempts", "sent_at", "last_error"]
    verbose_name_plural = _("E-Mail-Versand")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NotificationStateFilter(admin.SimpleListFilter):
    title = _("E-Mail-Versand")
    parameter_name = "versand"

    def lookups(self, request, model_admin):
        return [
            ("offen", _("nicht (vollständig) versandt")),
            ("fehler", _("mit Versandfehler")),
            ("versandt", _("vollständig versandt")),
        ]

    def queryset(self, request, queryset):
        unsent = [
            Notification.State.PENDING,
            Notification.State.SENDING,
            Notification.State.FAILED,
        ]
        if self.value() == "offen":
            return queryset.filter(notifications__state__in=unsent).distinct()
        if self.value() == "fehler":
            return queryset.filter(notifications__state=Notification.State.FAILED).distinct()
        if self.value() == "versandt":
            return queryset.exclude(notifications__state__in=unsent)
        return queryset


class SubmissionAdmin(admin.ModelAdmin):
    """What the request and message admins share: handling fields, e-mail state, actions."""

    #: Fields the sender filled in; read-only once the submission exists.
    submitted_fields = []
    list_filter = [
        "status",
        ("assignee", admin.RelatedOnlyFieldListFilter),
        NotificationStateFilter,
        "created_at",
    ]
    date_hierarchy = "created_at"
    inlines = [NotificationInline]
    actions = ["mark_in_progress", "assign_to_me", "resend_notifications"]
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).with_list_data()

    def get_readonly_fields(self, request, obj=None):
        fields = ["reference", "created_at", "closed_at"]
        if obj is not None:
            fields += self.submitted_fields
        return fields

    def get_search_results(self, request, queryset, search_term):
        # "PA-2025-00012" (the reference from the e-mails) finds that one submission.
        match = REFERENCE.match(search_term.strip())
        if match:
            return queryset.filter(pk=int(match.group(1))), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("Vorgangsnummer"), ordering="pk")
    def reference(self, submission):
        return submission.reference or "–"

    @admin.display(description=_("E-Mail-Versand"))
    def notification_summary(self, submission):
        notifications = list(submission.notifications.all())
        if not notifications:
            return "–"
        return format_html_join(
            mark_safe("<br>"),
            "{}: {}",
            (
                (notification.get_kind_display(), notification.get_state_display())
                for notification in notifications
            ),
        )

    @admin.action(description=_("Status „in Bearbeitung“ setzen"), permissions=["change"])
    def mark_in_progress(self, request, queryset):
        count = 0
        for submission in queryset:
            submission.status = submission.Status.IN_PROGRESS
            submission.save(update_fields=["status", "updated_at"])
            count += 1
        self.message_user(
            request,
            ngettext("%d Eintrag in Bearbeitung.", "%d Einträge in Bearbeitung.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Mir zuweisen"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        count = queryset.update(assignee=request.user)
        self.message_user(
            request,
            ngettext("%d Eintrag Ihnen zugewiesen.", "%d Einträge Ihnen zugewiesen.", count)
            % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Nicht versandte E-Mails erneut senden"), permissions=["change"])
    def resend_notifications(self, request, queryset):
        # Queued for the notification worker, not sent from here: the admin runs in the
        # same app server processes as the public pages, which a hanging mail server must
        # not hold; and one sender means one place that claims, retries and logs.
        count = queryset.unsent_notifications().requeue()
        self.message_user(
            request,
            ngettext(
                "%d E-Mail zum erneuten Versand vorgemerkt; sie geht in der Regel innerhalb "
                "einer Minute hinaus. Der Versandstatus steht in der Liste.",
                "%d E-Mails zum erneuten Versand vorgemerkt; sie gehen in der Regel innerhalb "
                "einer Minute hinaus. Der Versandstatus steht in der Liste.",
                count,
            )
            % count,
            messages.SUCCESS,
        )


@admin.register(PartnerRequest)
class PartnerRequestAdmin(SubmissionAdmin):
    submitted_fields = [
        "organisation",
        "city",
        "website",
        "contact_name",
        "contact_role",
        "email",
        "phone",
        "measures",
        "message",
    ]
    list_display = [
        "reference",
        "organisation",
        "category",
        "city",
        "status",
        "assignee",
        "created_at",
        "notification_summary",
    ]
    list_display_links = ["reference", "organisation"]
    list_filter = [
        *SubmissionAdmin.list_filter[:2],
        "category",
        "region",
        *SubmissionAdmin.list_filter[2:],
    ]
    search_fields = ["organisation", "contact_name", "email", "city", "measures", "message"]
    actions = ["create_partner_drafts", "create_status_links", *SubmissionAdmin.actions]

    def get_fieldsets(self, request, obj=None):
        attachment = "attachment" if obj is None else "attachment_link"
        return [
            (
                _("Bearbeitung"),
                {
                    "fields": [
                        ("reference", "created_at"),
                        "status",
                        "assignee",
                        "internal_notes",
                        ("partner_link", "closed_at"),
                    ]
                },
            ),
            (
                _("Organisation"),
                {"fields": ["organisation", "category", "city", "region", "website"]},
            ),
            (
                _("Ansprechperson"),
                {"fields": ["contact_name", "contact_role", "email", "phone"]},
            ),
            (_("Anliegen"), {"fields": ["measures", "message", attachment]}),
            (
                _("Statusseite der Organisation"),
                {
                    "description": _(
                        "Was die Organisation auf ihrer Statusseite liest. Jede Änderung des "
                        "Status teilt das Portal ihr per E-Mail mit, ohne Inhalt, mit einem "
                        "neuen Link."
                    ),
                    "fields": [
                        "status_link",
                        "question",
                        ("answer", "answered_at"),
                        ("signing_date", "signing_place"),
                        "decision_text",
                        "timeline",
                    ],
                },
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = [
            *super().get_readonly_fields(request, obj),
            "partner_link",
            "answer",
            "answered_at",
            "status_link",
            "timeline",
        ]
        if obj is not None:
            fields.append("attachment_link")
        return fields

    def save_model(self, request, obj, form, change):
        # A new question wants a new answer.
        if change and "question" in form.changed_data:
            obj.answer, obj.answered_at = "", None
        super().save_model(request, obj, form, change)

    @admin.display(description=_("Statusseite"))
    def status_link(self, partner_request):
        if not partner_request.pk:
            return "–"
        return _(
            "Gespeichert wird von den Statuslinks nur ein Fingerabdruck; die Adresse steht "
            "in den E-Mails an die Organisation. Einen neuen Link, um die Seite selbst zu "
            "sehen oder weiterzugeben, erzeugt die Aktion „Statuslink erzeugen“ in der "
            "Liste der Anfragen."
        )

    @admin.display(description=_("Verlauf"))
    def timeline(self, partner_request):
        if not partner_request.pk:
            return "–"
        return format_html_join(
            mark_safe("<br>"),
            "{}: {}",
            (
                (
                    date_format(timezone.localtime(change.changed_at), "j. F Y, H:i"),
                    change.public_status,
                )
                for change in partner_request.status_changes.all()
            ),
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/anlage/",
                self.admin_site.admin_view(self.attachment_view),
                name="contact_partnerrequest_attachment",
            ),
            *super().get_urls(),
        ]

    def attachment_view(self, request, object_id):
        """Hand out a request's attachment to staff who may view the request."""
        partner_request = self.get_object(request, object_id)
        if partner_request is None or not partner_request.attachment:
            raise Http404
        if not self.has_view_permission(request, partner_request):
            raise PermissionDenied
        try:
            handle = partner_request.attachment.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(
            handle,
            as_attachment=True,
            filename=f"{partner_request.reference}-anlage.pdf",
            headers=media_headers(PDF_SUFFIX),  # like any upload: a sandboxed download
        )

    @admin.display(description=_("Anlage"))
    def attachment_link(self, partner_request):
        if not partner_request.attachment:
            return _("keine")
        url = reverse("admin:contact_partnerrequest_attachment", args=[partner_request.pk])
        return format_html('<a href="{}">{}</a>', url, _("PDF herunterladen"))

    @admin.display(description=_("Partner-Entwurf"))
    def partner_link(self, partner_request):
        if not partner_request.partner_id:
            return "–"
        url = reverse("admin:partners_partner_change", args=[partner_request.partner_id])
        return format_html('<a href="{}">{}</a>', url, partner_request.partner)

    def has_convert_permission(self, request):
        return self.has_change_permission(request) and request.user.has_perm(
            "partners.add_partner"
        )

    @admin.action(description=_("Als Partner-Entwurf übernehmen"), permissions=["convert"])
    def create_partner_drafts(self, request, queryset):
        for partner_request in queryset:
            try:
                partner = partner_request.create_partner_draft()
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.WARNING)
                continue
            url = reverse("admin:partners_partner_change", args=[partner.pk])
            self.message_user(
                request,
                format_html(
                    gettext(
                        '{reference}: Partner-Entwurf <a href="{url}">{name}</a> angelegt '
                        "(noch nicht veröffentlicht). Die Anfrage ist als angenommen markiert."
                    ),
                    reference=partner_request.reference,
                    url=url,
                    name=partner.name,
                ),
                messages.SUCCESS,
            )

    @admin.action(description=_("Statuslink erzeugen"), permissions=["change"])
    def create_status_links(self, request, queryset):
        """A new status link per selected request, shown once (only its hash is kept)."""
        for partner_request in queryset:
            url = request.build_absolute_uri(partner_request.new_status_url())
            self.message_user(
                request,
                format_html(
                    '{}: {} <a href="{}">{}</a>',
                    partner_request.reference,
                    _("neuer Statuslink, nur dieses eine Mal angezeigt:"),
                    url,
                    url,
                ),
                messages.SUCCESS,
            )


@admin.register(ContactMessage)
class ContactMessageAdmin(SubmissionAdmin):
    submitted_fields = ["name", "email", "subject", "message"]
    list_display = [
        "reference",
        "subject",
        "name",
        "status",
        "assignee",
        "created_at",
        "notification_summary",
    ]
    list_display_links = ["reference", "subject"]
    search_fields = ["name", "email", "subject", "message"]
    fieldsets = [
        (
            _("Bearbeitung"),
            {
                "fields": [
                    ("reference", "created_at"),
                    "status",
                    "assignee",
                    "internal_notes",
                    "closed_at",
                ]
            },
        ),
        (_("Nachricht"), {"fields": ["name", "email", "subject", "message"]}),
    ]


@admin.register(Document)
class DocumentAdmin(VersionedAdmin):
    list_display = ["title", "order", "is_published", "size", "updated_at"]
    list_editable = ["order", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title", "description"]
    fields = ["title", "file", "description", "order", "is_published"]

    @admin.display(description=_("Größe"), ordering="file_size")
    def size(self, document):
        return filesizeformat(document.file_size)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The outbox: every e-mail the portal queued and what became of it. Read-only, since
    the rows are the record of what was sent; purge_submissions deletes them with their
    submission. No body is kept (mails are built when sent), so no personal link shows."""

    list_display = [
        "created_at",
        "kind",
        "recipients",
        "state",
        "attempts",
        "last_error",
        "sent_at",
        "belongs_to",
    ]
    list_filter = ["state", "kind"]
    search_fields = ["recipient", "partner_request__email", "contact_message__email"]
    date_hierarchy = "created_at"
    list_select_related = ["partner_request", "contact_message", "content_type"]
    ordering = ["-created_at", "-pk"]
    actions = ["retry"]
    list_per_page = 100
    fields = [
        "kind",
        "recipients",
        "state",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
        "belongs_to",
    ]
    readonly_fields = fields

    def has_resend_permission(self, request):
        return request.user.has_perm("contact.resend_notification")

    @admin.display(description=_("Empfänger"), ordering="recipient")
    def recipients(self, notification):
        if notification.recipient:
            return notification.recipient
        if notification.kind in Notification.TO_OFFICE:
            return ", ".join(settings.CONTACT_NOTIFY_EMAILS)
        return notification.submission.email

    @admin.display(description=_("Gehört zu"))
    def belongs_to(self, notification):
        # Named by kind and number, not loaded: the list stays at a fixed number of queries.
        submission = notification.submission
        if submission is not None:
            return format_html(
                '<a href="{}">{}</a>', submission.get_admin_url(), submission.reference
            )
        opts = notification.content_type.model_class()._meta
        label = f"{opts.verbose_name} {notification.object_id}"
        try:
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[notification.object_id]
            )
        except NoReverseMatch:
            return label
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.action(description=_("Erneut versuchen"), permissions=["resend"])
    def retry(self, request, queryset):
        # The worker sends them, as with the requests' action: one place sends and retries.
        count = queryset.filter(state=Notification.State.FAILED).requeue()
        self.message_user(
            request,
            ngettext(
                "%d fehlgeschlagene E-Mail wartet wieder auf Versand.",
                "%d fehlgeschlagene E-Mails warten wieder auf Versand.",
                count,
            )
            % count,
            messages.SUCCESS if count else messages.WARNING,
        )


@desk.register
def failed_notifications(request):
    """The desk's count of e-mails that failed, when there are any."""
    if not request.user.has_perm("contact.view_notification"):
        return []
    failed = Notification.objects.filter(state=Notification.State.FAILED)
    group = desk.group(
        Notification,
        failed.order_by("created_at", "pk"),
        desk.changelist_url(Notification, state__exact=Notification.State.FAILED),
        lambda notification: notification.last_error,
    )
    if not group.count:
        return []
    block = desk.Block("mails", _("E-Mails fehlgeschlagen"), "")
    block.groups.append(group)
    return [block]


@desk.register
def new_submissions(request):
    """The desk's block of new partner requests and contact messages."""
    block = desk.Block(
        "eingang", _("Neue Anfragen und Nachrichten"), _("Keine neuen Anfragen oder Nachrichten.")
    )
    for model in (PartnerRequest, ContactMessage):
        if request.user.has_perm(f"contact.view_{model._meta.model_name}"):
            new = model.objects.filter(status=model.Status.NEW).order_by("created_at", "pk")
            block.groups.append(
                desk.group(
                    model,
                    new,
                    desk.changelist_url(model, status__exact=model.Status.NEW),
                    lambda obj: desk.moment(obj.created_at),
                )
            )
    return [block] if block.groups else []
