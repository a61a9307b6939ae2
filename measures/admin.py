import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.richtext import RichTextAdmin
from core.versions import VersionedAdmin
from core.workflow import WorkflowAdminMixin, WorkflowError
from partners.admin import PartnerAdmin

from .models import FieldOfAction, Measure, MeasureFigure, ReportingCall, ReportingLink


@admin.register(FieldOfAction)
class FieldOfActionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class MeasureFigureInline(admin.TabularInline):
    model = MeasureFigure
    extra = 0
    fields = ["label", "value", "unit", "order"]


class ProposalFilter(admin.SimpleListFilter):
    title = _("Herkunft")
    parameter_name = "herkunft"

    def lookups(self, request, model_admin):
        return [
            ("vorschlag", _("Vorschläge der Partner (neu)")),
            ("aenderung", _("Änderungsvorschläge der Partner")),
            ("redaktion", _("von der Redaktion angelegt")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "vorschlag":
            return queryset.exclude(proposed_via=None).filter(update_of=None)
        if self.value() == "aenderung":
            return queryset.exclude(update_of=None)
        if self.value() == "redaktion":
            return queryset.filter(proposed_via=None)
        return queryset


reversion.register(MeasureFigure)
reversion.register(Measure, follow=["figures"])


@admin.register(Measure)
class MeasureAdmin(WorkflowAdminMixin, RichTextAdmin, VersionedAdmin):
    list_display = ["title", "partner", "field_of_action", "status", "origin"]
    list_filter = [ProposalFilter, "status", "field_of_action"]
    search_fields = ["title", "description", "partner__name"]
    list_select_related = ["partner", "field_of_action", "update_of"]
    autocomplete_fields = ["partner"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [MeasureFigureInline]
    actions = [*WorkflowAdminMixin.workflow_actions, "apply_updates"]
    readonly_fields = ["proposed_via", "update_of", "published_at", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["partner", "title", "slug", "field_of_action", "status"]}),
        (None, {"fields": ["description"]}),
        (
            _("Zeitraum"),
            {
                "description": _(
                    "So genau wie bekannt: bei „Monat“ zählt nur Monat und Jahr, bei „Jahr“ "
                    "nur das Jahr."
                ),
                "fields": [("starts_on", "starts_on_precision"), ("ends_on", "ends_on_precision")],
            },
        ),
        (_("Kontakt und Link"), {"fields": ["contact_name", "contact_email", "link"]}),
        (
            _("Veröffentlichung"),
            {
                "fields": [
                    "published_at",
                    "proposed_via",
                    "update_of",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def view_on_site(self, measure):
        # Drafts too: the page as it will look, with the preview banner (staff only).
        return reverse("measures:preview", kwargs={"pk": measure.pk})

    @admin.display(description=_("Herkunft"))
    def origin(self, measure):
        if measure.update_of_id:
            return format_html(
                "{} <small>({})</small>", _("Änderungsvorschlag"), measure.update_of.title
            )
        if measure.proposed_via_id:
            return _("Vorschlag des Partners")
        return _("Redaktion")

    @admin.action(description=_("Änderungsvorschläge übernehmen"), permissions=["publish"])
    def apply_updates(self, request, queryset):
        """The partner's proposed update replaces the content of its (published) measure:
        an approval, so only for the Freigabe and never by whoever submitted it."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        proposals = queryset.exclude(update_of=None).select_related("update_of")
        applied = []
        for proposal in proposals:
            try:
                applied.append(proposal.apply_update(request.user))
            except WorkflowError as error:
                self.message_user(
                    request, f"{proposal}: {' '.join(error.messages)}", messages.ERROR
                )
        if applied:
            with self.create_revision(request):
                reversion.set_comment(_("Änderungsvorschlag übernommen"))
                for measure in applied:
                    reversion.add_to_revision(measure)
        count = len(applied)
        self.message_user(
            request,
            ngettext(
                "%d Änderungsvorschlag übernommen.", "%d Änderungsvorschläge übernommen.", count
            )
            % count,
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(ReportingLink)
class ReportingLinkAdmin(admin.ModelAdmin):
    list_display = ["partner", "email", "created_at", "expires_at", "status", "last_used_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "call"]
    search_fields = ["partner__name", "email"]
    list_select_related = ["partner"]
    actions = ["revoke"]
    fields = ["partner", "email", "call", "expires_at", "revoked_at", "created_by", "created_at"]
    fields += ["last_used_at"]
    readonly_fields = ["partner", "email", "call", "created_by", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        # Links are made with the partner action, which shows or sends the token once.
        return False

    @admin.display(description=_("Status"))
    def status(self, link):
        return link.status_display()

    @admin.action(description=_("Ausgewählte Berichtslinks widerrufen"))
    def revoke(self, request, queryset):
        count = queryset.revoke()
        self.message_user(
            request,
            ngettext("%d Berichtslink widerrufen.", "%d Berichtslinks widerrufen.", count) % count,
            messages.SUCCESS,
        )


@admin.register(ReportingCall)
class ReportingCallAdmin(admin.ModelAdmin):
    list_display = ["created_at", "created_by", "link_count"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReportingLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse des Partners"),
        required=False,
        help_text=_(
            "An diese Adresse geht der Link. Leer lassen, um den Link nur anzuzeigen und "
            "selbst weiterzugeben."
        ),
    )


@admin.action(
    description=_("Berichtslink erstellen und senden"), permissions=["add_reporting_link"]
)
def create_reporting_link(modeladmin, request, queryset):
    """For one partner: a new personal reporting link, queued for sending to the address
    staff enter, or, without an address, shown once to pass on."""
    if queryset.count() != 1:
        modeladmin.message_user(
            request, _("Bitte wählen Sie genau einen Partner aus."), messages.ERROR
        )
        return None
    partner = queryset.get()
    form = ReportingLinkForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return TemplateResponse(
            request,
            "admin/measures/reporting_link_form.html",
            {
                **modeladmin.admin_site.each_context(request),
                "title": _("Berichtslink erstellen"),
                "partner": partner,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "opts": modeladmin.model._meta,
            },
        )
    email = form.cleaned_data["email"]
    if email:
        ReportingLink.objects.send_new(partner, email, created_by=request.user)
        modeladmin.message_user(
            request,
            _(
                "Der Berichtslink wird an %(email)s gesendet. Ob die E-Mail hinausging, "
                "zeigt die Liste der Berichtslinks nicht; bei Störungen versucht es der "
                "E-Mail-Versand erneut."
            )
            % {"email": email},
            messages.SUCCESS,
        )
        return None
    _link, token = ReportingLink.objects.create_for(partner, created_by=request.user)
    url = request.build_absolute_uri(ReportingLink.path(token))
    modeladmin.message_user(
        request,
        format_html(
            "{} <a href='{}'>{}</a>",
            _(
                "Berichtslink erstellt. Bitte geben Sie ihn an den Partner weiter; die "
                "Adresse wird nur dieses eine Mal angezeigt:"
            ),
            url,
            url,
        ),
        messages.SUCCESS,
    )
    return None


@admin.action(
    description=_("Jährlichen Berichtsaufruf senden"), permissions=["add_reporting_link"]
)
def send_annual_call(modeladmin, request, queryset):
    """A reporting link by e-mail to each selected published partner whose reporting
    address is known (from its latest link); at most once in ReportingCall.MIN_DAYS_APART.
    The e-mails are queued and sent by the mail worker."""
    if ReportingCall.objects.recent().exists():
        last = ReportingCall.objects.first()
        modeladmin.message_user(
            request,
            _(
                "Der letzte Berichtsaufruf wurde am %(date)s gesendet. Ein neuer ist erst "
                "%(days)d Tage danach möglich."
            )
            % {
                "date": last.created_at.date().strftime("%d.%m.%Y"),
                "days": ReportingCall.MIN_DAYS_APART,
            },
            messages.ERROR,
        )
        return None
    addresses = ReportingLink.objects.known_addresses()
    partners = [p for p in queryset.filter(is_published=True) if p.pk in addresses]
    if not partners:
        modeladmin.message_user(
            request,
            _(
                "Von keinem der ausgewählten veröffentlichten Partner ist eine E-Mail-Adresse "
                "für Berichte bekannt. Erstellen Sie zuerst Berichtslinks mit Adresse."
            ),
            messages.ERROR,
        )
        return None
    with transaction.atomic():
        call = ReportingCall.objects.create(created_by=request.user, link_count=len(partners))
        for partner in partners:
            ReportingLink.objects.send_new(
                partner, addresses[partner.pk], created_by=request.user, call=call
            )
    modeladmin.message_user(
        request,
        ngettext(
            "Berichtsaufruf an %(count)d Partner wird gesendet.",
            "Berichtsaufruf an %(count)d Partner wird gesendet.",
            len(partners),
        )
        % {"count": len(partners)},
        messages.SUCCESS,
    )
    return call


def _has_add_reporting_link_permission(self, request):
    return request.user.has_perm("measures.add_reportinglink")


# The partner admin gains the reporting actions here: partners never imports measures.
PartnerAdmin.has_add_reporting_link_permission = _has_add_reporting_link_permission
PartnerAdmin.actions = [*PartnerAdmin.actions, create_reporting_link, send_annual_call]
