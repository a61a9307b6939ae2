from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.richtext import RichTextAdmin
from core.uploads import ImageUploadField

from .models import Category, Link, Partner, Photo, Quote, Signatory


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0


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
    formfield_overrides = {models.ImageField: {"form_class": ImageUploadField}}

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
class PartnerAdmin(RichTextAdmin, admin.ModelAdmin):
    list_display = ["name", "category", "city", "region", "signed_on_display", "is_published"]
    list_filter = ["is_published", "category", "region", "signed_on_precision"]
    search_fields = ["name", "city", "signatories__name", "quotes__text"]
    date_hierarchy = "signed_on"
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["category"]
    autocomplete_fields = ["category"]
    actions = ["publish", "unpublish"]
    inlines = [SignatoryInline, QuoteInline, LinkInline, PhotoInline]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "category", "city", "region", "website"]}),
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
        (_("Veröffentlichung"), {"fields": ["is_published", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("Unterzeichnet"), ordering="signed_on")
    def signed_on_display(self, partner):
        return partner.signed_on_display or _("unbekannt")

    @admin.action(description=_("Ausgewählte Partner veröffentlichen"))
    def publish(self, request, queryset):
        count = queryset.publish()
        self.message_user(
            request,
            ngettext("%d Partner veröffentlicht.", "%d Partner veröffentlicht.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Veröffentlichung der ausgewählten Partner zurücknehmen"))
    def unpublish(self, request, queryset):
        count = queryset.unpublish()
        self.message_user(
            request,
            ngettext(
                "%d Partner nicht mehr öffentlich.", "%d Partner nicht mehr öffentlich.", count
            )
            % count,
            messages.SUCCESS,
        )
