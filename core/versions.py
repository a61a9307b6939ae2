"""Versions of the editorial content (django-reversion, compared by django-reversion-compare).

Each content app registers its own models with ``reversion.register`` (following its inlines)
and bases its admin on ``VersionedAdmin``: the admin's history lists every version with who
saved it, when and the admin's change message, any two versions can be compared, and an
earlier version is restored in one step (inlines included), recorded as a new version.
"""

import functools

import reversion
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from reversion_compare.admin import CompareVersionAdmin


class VersionedAdmin(CompareVersionAdmin):
    """A content admin whose every change is kept as a version.

    Saving the change form, list_editable and the reverting form record versions through
    django-reversion itself. Admin actions may change rows with QuerySet.update(), which
    sends no signals: every action that completes (returns no page of its own, such as the
    deletion's confirmation page) therefore adds the selected rows that still exist to the
    revision.
    """

    history_latest_first = True

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

    def compare_view(self, request, object_id, extra_context=None):
        # reversion-compare checks only that the user is staff; the versions show every
        # field, so they are for those who may see the object itself.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return super().compare_view(request, object_id, extra_context)
