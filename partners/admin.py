import reversion
from django.contrib import admin
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.richtext import RichTextAdmin
from core.versions import VersionedAdmin
from core.workflow import WorkflowAdminMixin

from .models import Category, Link, Partner, PartnerQuerySet, Photo, Quote, Signatory

for inline_model in (Signatory, Quote, Link, Photo):
    reversion.register(inline_model)
reversion.register(Partner, follow=["signatories", "quotes", "links", "photos"])


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0
    fields = ["name", "role", "side", "role_in_signing", "order"]


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0


class LinkInline(admin.TabularInline):
    model = Link
    extra = 0


class PhotoInline(admin.StackedInline):
    model = Photo
    extra = 0
    fields = ["thumbnail", "image", "alt_text", "caption", "credit", "order"]
    readonly_fields = ["thumbnail"]

    @admin.display(description=_("Vorschau"))
    def thumbnail(self, photo):
        if not photo.image:
            return "–"
        return format_html(
            '<img src="{}" alt="{}" width="160">',
            photo.image.url,
            photo.alt_text,
        )


@admin.register(Partner)
class PartnerAdmin(WorkflowAdminMixin, RichTextAdmin, VersionedAdmin):
    list_display = [
        "name",
        "categories_display",
        "city",
        "region",
        "signed_on_display",
    ]
    list_filter = ["categories", "region", "signed_on_precision"]
    search_fields = ["name", "city", "signatories__name", "quotes__text"]
    date_hierarchy = "signed_on"
    ordering = PartnerQuerySet.LIST_ORDER
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["categories"]
    actions = WorkflowAdminMixin.workflow_actions
    inlines = [SignatoryInline, QuoteInline, LinkInline, PhotoInline]
    readonly_fields = ["created_at", "updated_at"]

    fieldsets = [
        (None, {"fields": ["name", "slug", "categories", "city", "region", "website"]}),
        (
            _("Unterzeichnung"),
            {
                "fields": [
                    ("signed_on", "signed_on_precision"),
                    "signing_place",
                    "signing_occasion",
                    "summary",
                    "commitment",
                ]
            },
        ),
        (
            _("Reihenfolge im Verzeichnis"),
            {
                "description": _(
                    "Das Verzeichnis, die Startseite, der Feed und die offenen Daten zeigen die "
                    "Partner wie die Liste des Ministeriums: die neueste Unterzeichnung zuerst. "
                    "Ein Partner ohne Datum steht dort, wo das Ministerium ihn aufführt: "
                    "„Eingeordnet nach“ nennt dafür das Datum eines Nachbarn. Öffentlich "
                    "erscheint dieses Datum nirgends."
                ),
                "fields": ["listed_as_of", "list_order"],
            },
        ),
        (_("Veröffentlichung"), {"fields": ["created_at", "updated_at"]}),
    ]

    def view_on_site(self, partner):
        # Drafts too: the page as it will look, with the preview banner (staff only).
        return reverse("partners:preview", kwargs={"pk": partner.pk})

    def get_queryset(self, request):
        return super().get_queryset(request).with_categories()

    @admin.display(description=_("Kategorien"))
    def categories_display(self, partner):
        return partner.category_names

    @admin.display(description=_("Unterzeichnet"), ordering="sort_date")
    def signed_on_display(self, partner):
        if partner.signed_on_display:
            return partner.signed_on_display
        if partner.listed_as_of:
            return format_html(
                "{} <small>({})</small>",
                _("unbekannt"),
                _("eingeordnet nach %(date)s") % {"date": date_format(partner.listed_as_of)},
            )
        return _("unbekannt")
