"""Drafts shown exactly as their public page will look, with a banner, to whom may see them.

A preview view is the public detail view of its kind with this mixin in front: the same
template and the same queries, but the object need not be public yet. Staff with the view
permission of the kind open it from the admin ("Auf der Website anzeigen"); a preview link
(the ``previews`` app) opens it with ``shared=True`` for people without an account.
"""

from django.http import Http404

from .cache import no_page_cache
from .tokens import keep_private


class DraftPreviewMixin:
    """In front of a public DetailView whose ``get_queryset()`` says what is public."""

    shared = False  # True: opened through a preview link, which has decided the access

    def dispatch(self, request, *args, **kwargs):
        if not (self.shared or self.may_preview(request.user)):
            raise Http404
        return keep_private(no_page_cache(super().dispatch)(request, *args, **kwargs))

    def may_preview(self, user):
        options = self.model._meta
        permission = f"{options.app_label}.view_{options.model_name}"
        return user.is_active and user.is_staff and user.has_perm(permission)

    def public_queryset(self):
        return super().get_queryset()

    def get_queryset(self):
        # The public view's queryset without its "is public" filter, with the same data.
        return self.model.objects.with_detail_data()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            is_preview=True,
            is_public=self.public_queryset().filter(pk=self.object.pk).exists(),
            is_shared_preview=self.shared,
            **kwargs,
        )
