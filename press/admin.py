import reversion
from django.contrib import admin, messages
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.richtext import RichTextAdmin
from core.versions import VersionedAdmin
from core.workflow import WorkflowAdminMixin

from .models import Attachment, EventNotice, Letterhead, PressItem, PressRelease, berlin

# The common fields live in PressItem (multi-table inheritance): each version follows them.
reversion.register(PressItem)
reversion.register(Attachment)
reversion.register(PressRelease, follow=["pressitem_ptr", "attachments"])
reversion.register(EventNotice, follow=["pressitem_ptr"])


class PublicationAdmin(WorkflowAdminMixin, RichTextAdmin, VersionedAdmin):
    """What both kinds of press item share: publishing, scheduling, preview."""

    preview_url_name = None
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "body", "contact_name"]
    autocomplete_fields = ["partners"]
    actions = WorkflowAdminMixin.workflow_actions
    readonly_fields = ["created_at", "updated_at"]
    save_on_top = True
    publication_fieldset = (
        _("Veröffentlichung"),
        {
            "fields": ["publish_at", "created_at", "updated_at"],
            "description": _(
                "Entwürfe, eingereichte und geplante Einträge sind öffentlich unsichtbar. "
                "„Auf der Website anzeigen“ öffnet eine Vorschau, die nur die Redaktion sieht."
            ),
        },
    )
    contact_fieldset = (
        _("Pressekontakt"),
        {"fields": ["contact_name", "contact_role", "contact_phone", "contact_email"]},
    )

    def view_on_site(self, obj):
        return reverse(self.preview_url_name, kwargs={"pk": obj.pk})

    @admin.display(description=_("Datum"), ordering="dated_at")
    def dated_on(self, obj):
        return date_format(obj.dated_on, "d.m.Y")


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["title", "file", "size_display", "order"]
    readonly_fields = ["size_display"]

    @admin.display(description=_("Größe"))
    def size_display(self, attachment):
        return filesizeformat(attachment.size) if attachment.pk else "–"


@admin.register(PressRelease)
class PressReleaseAdmin(PublicationAdmin):
    preview_url_name = "press:release_preview"
    list_display = ["title", "dated_on", "publish_at"]
    list_filter = ["partners__categories"]
    search_fields = [*PublicationAdmin.search_fields, "teaser"]
    date_hierarchy = "dated_at"
    inlines = [AttachmentInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dated_at", "issuer", "teaser", "body", "partners"]}),
        (_("Bild"), {"fields": ["image", "image_alt", "image_credit"]}),
        PublicationAdmin.contact_fieldset,
        PublicationAdmin.publication_fieldset,
    ]


@admin.register(EventNotice)
class EventNoticeAdmin(PublicationAdmin):
    preview_url_name = "press:notice_preview"
    list_display = ["title", "start_display", "status", "publish_at"]
    list_filter = ["status", "venue_city"]
    search_fields = [*PublicationAdmin.search_fields, "venue_name", "venue_city", "organiser"]
    date_hierarchy = "start"
    actions = [*PublicationAdmin.actions, "cancel"]
    readonly_fields = [*PublicationAdmin.readonly_fields, "uid", "sequence"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dated_at", "addressee", "salutation", "body"]}),
        (
            _("Zeit und Ort"),
            {
                "fields": [
                    ("start", "end"),
                    "venue_name",
                    "venue_room",
                    "venue_street",
                    ("venue_postcode", "venue_city"),
                    "organiser",
                    "programme",
                    "partners",
                ]
            },
        ),
        (_("Stand"), {"fields": ["status", "status_note"]}),
        PublicationAdmin.contact_fieldset,
        (_("Unterschrift"), {"fields": ["signature_name", "signature_unit"]}),
        (
            _("Veröffentlichung"),
            {
                **PublicationAdmin.publication_fieldset[1],
                "fields": [*PublicationAdmin.publication_fieldset[1]["fields"], "uid", "sequence"],
            },
        ),
    ]

    @admin.display(description=_("Termin"), ordering="start")
    def start_display(self, notice):
        return date_format(berlin(notice.start), "d.m.Y H:i")

    # A cancellation changes the public notice at once: the approvers' step.
    @admin.action(
        description=_("Ausgewählte Termine als abgesagt kennzeichnen"), permissions=["publish"]
    )
    def cancel(self, request, queryset):
        count = queryset.cancel()
        self.message_user(
            request,
            ngettext(
                "%d Termin als abgesagt gekennzeichnet. Bitte den Grund im Eintrag ergänzen.",
                "%d Termine als abgesagt gekennzeichnet. Bitte den Grund im Eintrag ergänzen.",
                count,
            )
            % count,
            messages.WARNING,
        )


@admin.register(Letterhead)
class LetterheadAdmin(admin.ModelAdmin):
    list_display = ["name", "street", "city", "phone", "email"]
    fieldsets = [
        (None, {"fields": ["name"]}),
        (_("Dienstgebäude"), {"fields": ["street", ("postcode", "city")]}),
        (_("Postanschrift"), {"fields": [("postal_postcode", "postal_city")]}),
        (_("Erreichbarkeit"), {"fields": ["phone", "fax", "email", "website"]}),
        (None, {"fields": ["public_transport"]}),
    ]

    def has_add_permission(self, request):
        # One letterhead only: once it exists, it is edited, not added again.
        return super().has_add_permission(request) and not Letterhead.objects.exists()
