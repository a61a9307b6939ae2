from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .kinds import is_previewable
from .models import PreviewLink


def change_form_url(obj):
    options = obj._meta
    return reverse(f"admin:{options.app_label}_{options.model_name}_change", args=[obj.pk])


@admin.register(PreviewLink)
class PreviewLinkAdmin(admin.ModelAdmin):
    """All preview links; they are made on the change form of the draft they show."""

    list_display = [
        "content_object_link",
        "content_type",
        "created_by",
        "created_at",
        "expires_at",
        "status",
    ]
    # The first column links to the content itself; a second link around it (the admin's
    # default) would nest one link in another and leave an empty one for screen readers.
    list_display_links = ["created_at"]
    list_filter = ["content_type", ("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["content_type", "created_by"]
    date_hierarchy = "created_at"
    actions = ["revoke"]
    fields = [
        "content_object_link",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
        "status",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # on the draft's change form ("Vorschau-Link erstellen")

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "erstellen/<int:content_type_id>/<int:object_id>/",
                wrap(require_POST(self.create_view)),
                name="previews_previewlink_create",
            ),
            path(
                "<int:pk>/widerrufen/",
                wrap(require_POST(self.revoke_view)),
                name="previews_previewlink_revoke",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("Inhalt"))
    def content_object_link(self, link):
        obj = link.content_object
        if obj is None:
            return _("(gelöscht)")
        return format_html('<a href="{}">{}</a>', change_form_url(obj), obj)

    @admin.display(description=_("Status"))
    def status(self, link):
        return link.status_display()

    @admin.action(description=_("Ausgewählte Vorschau-Links widerrufen"), permissions=["change"])
    def revoke(self, request, queryset):
        count = queryset.revoke()
        self.message_user(
            request,
            ngettext("%d Vorschau-Link widerrufen.", "%d Vorschau-Links widerrufen.", count)
            % count,
            messages.SUCCESS,
        )

    def create_view(self, request, content_type_id, object_id):
        if not self.has_add_permission_for_drafts(request):
            raise PermissionDenied
        content_type = get_object_or_404(ContentType, pk=content_type_id)
        model = content_type.model_class()
        if model is None or not is_previewable(model):
            raise Http404
        options = model._meta
        if not request.user.has_perm(f"{options.app_label}.view_{options.model_name}"):
            raise PermissionDenied
        obj = get_object_or_404(model, pk=object_id)
        link = PreviewLink(content_type=content_type, object_id=obj.pk, created_by=request.user)
        token = link.new_token()
        link.save()
        address = request.build_absolute_uri(PreviewLink.path(token))
        self.message_user(
            request,
            format_html(
                '{} <a href="{}">{}</a> {}',
                _("Vorschau-Link erstellt, gültig bis {}:").format(
                    date_format(link.expires_at, "j. F Y")
                ),
                address,
                address,
                _("Bitte kopieren Sie ihn jetzt: Die Adresse wird nur dieses eine Mal angezeigt."),
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(change_form_url(obj) + "#vorschau-links")

    def revoke_view(self, request, pk):
        if not self.has_change_permission(request):
            raise PermissionDenied
        link = get_object_or_404(PreviewLink.objects.select_related("content_type"), pk=pk)
        PreviewLink.objects.filter(pk=link.pk).revoke()
        self.message_user(request, _("Der Vorschau-Link wurde widerrufen."), messages.SUCCESS)
        obj = link.content_object
        if obj is None:
            return HttpResponseRedirect(reverse("admin:previews_previewlink_changelist"))
        return HttpResponseRedirect(change_form_url(obj) + "#vorschau-links")

    def has_add_permission_for_drafts(self, request):
        return request.user.has_perm("previews.add_previewlink")
