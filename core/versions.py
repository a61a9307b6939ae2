"""Versions of the editorial content (django-reversion, compared by django-reversion-compare).

Each content app registers its own models with ``reversion.register`` (following its inlines)
and bases its admin on ``VersionedAdmin``: the admin's history lists every version with who
saved it, when and the admin's change message, any two versions can be compared, and an
earlier version is restored in one step (inlines included), recorded as a new version.

The files a version names stay in the storage while the version is kept (core.apps.
FileCleanupConfig), so a restored photo or PDF is served again under its old address;
``files_in_versions`` tells ``manage.py purge_unused_files`` which files those are.
"""

import functools

import reversion
from django.contrib import messages
from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin
from reversion_compare.helpers import html_diff

from core.images import RenditionsMixin
from core.richtext import RichTextField
from core.text import plain_text


def file_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]


def files_in_versions(model, fields):
    """The names every kept version of ``model`` gives its file ``fields`` (a set).

    Read from the stored data itself, without the parent rows of inherited models, so a
    version of a row that was deleted counts as well.
    """
    names = set()
    versions = Version.objects.get_for_model(model).values_list("format", "serialized_data")
    for data_format, data in versions.iterator(chunk_size=500):
        for record in serializers.deserialize(data_format, data, ignorenonexistent=True):
            names.update(getattr(record.object, field.name).name for field in fields)
    names.discard("")
    names.discard(None)
    return names


def complete_restored_files(request, revision):
    """After a restore: the restored images get their renditions again if any are missing;
    a file the restored version names but the storage no longer has is reported."""
    for version in revision.version_set.select_related("content_type"):
        model = version.content_type.model_class()
        fields = file_fields(model) if model else []
        if not fields:
            continue
        obj = model._default_manager.filter(pk=version.object_id).first()
        if obj is None:
            continue
        missing = [
            file
            for file in (getattr(obj, field.name) for field in fields)
            if file and not file.storage.exists(file.name)
        ]
        for file in missing:
            messages.warning(
                request,
                gettext(
                    "Die Datei „%(file)s“ (%(field)s von „%(object)s“) gehört zur "
                    "wiederhergestellten Version, ist aber nicht mehr gespeichert. Bitte laden "
                    "Sie sie neu hoch."
                )
                % {"file": file.name, "field": file.field.verbose_name, "object": obj},
            )
        if isinstance(obj, RenditionsMixin) and obj.rendition_source not in missing:
            obj.restore_renditions()


def restore_view(request):
    """ "revision" (an earlier version) or "recover" (a deleted entry) when ``request`` is one
    of reversion's restore views, whose form saves what the version holds; else None."""
    match = request.resolver_match
    name = match.url_name if match else ""
    return next((kind for kind in ("revision", "recover") if name.endswith(f"_{kind}")), None)


class VersionedAdmin(CompareVersionAdmin):
    """A content admin whose every change is kept as a version.

    Saving the change form, list_editable and the reverting form record versions through
    django-reversion itself. Admin actions may change rows with QuerySet.update(), which
    sends no signals: every action that completes (returns no page of its own, such as the
    deletion's confirmation page) therefore adds the selected rows that still exist to the
    revision.
    """

    history_latest_first = True
    # Who moved an item through the workflow, and when, is the history's own list; the
    # comparison shows what the reader sees.
    compare_exclude = ["edited_by", "submitted_by", "submitted_at", "approved_by", "approved_at"]

    def compare_TextField(self, obj_compare):
        # Rich text is compared as the words a reader sees: its markup would drown the change.
        if isinstance(obj_compare.field, RichTextField):
            return html_diff(plain_text(obj_compare.value1), plain_text(obj_compare.value2))
        return self.fallback_compare(obj_compare)

    def compare_DateTimeField(self, obj_compare):
        return html_diff(
            *(_local_moment(value) for value in (obj_compare.value1, obj_compare.value2))
        )

    def get_actions(self, request):
        return {
            name: (self._recording_versions(func, description), name, description)
            for name, (func, name, description) in super().get_actions(request).items()
        }

    def _recording_versions(self, func, description):
        @functools.wraps(func)
        def action(modeladmin, request, queryset):
            # The selection first: a list filter ("drafts") may no longer match afterwards.
            pks = list(queryset.values_list("pk", flat=True))
            response = func(modeladmin, request, queryset)
            if response is not None:
                return response
            with self.create_revision(request):
                reversion.set_comment(gettext("Aktion: %(action)s") % {"action": description})
                for obj in self.model._default_manager.filter(pk__in=pks):
                    reversion.add_to_revision(obj)
            return None

        return action

    def response_change(self, request, obj):
        # Saved by a restore (reversion's revision and recover views, whose last URL part is
        # the version): the inlines come back as they were, without being saved again.
        if restore_view(request):
            version = Version.objects.select_related("revision").get(
                pk=request.resolver_match.args[-1]
            )
            complete_restored_files(request, version.revision)
        return super().response_change(request, obj)

    def compare_view(self, request, object_id, extra_context=None):
        # reversion-compare checks only that the user is staff; the versions show every
        # field, so they are for those who may see the object itself.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return super().compare_view(request, object_id, extra_context)


def _local_moment(value):
    if not value:
        return ""
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
