"""Drafts shown exactly as their public page will look, with a banner, to whom may see them.

A preview view is the public detail view of its kind with this mixin in front: the same
template and the same queries, but the object need not be public yet. Staff with the view
permission of the kind open it from the admin ("Auf der Website anzeigen"); a preview link
(the ``previews`` app) opens it with ``shared=True`` for people without an account.

A public item with a change waiting for approval is shown as it will look once approved:
the change is saved through the admin inside a transaction that is rolled back after the
page is rendered.
"""

from django.contrib import admin
from django.db import transaction
from django.http import Http404

from .cache import no_page_cache
from .models import PendingChange
from .tokens import keep_private


class DraftPreviewMixin:
    """In front of a public DetailView whose ``get_queryset()`` says what is public."""

    shared = False  # True: opened through a preview link, which has decided the access

    def dispatch(self, request, *args, **kwargs):
        if not (self.shared or self.may_preview(request.user)):
            raise Http404
        return keep_private(no_page_cache(self.render_pending_or_saved)(request, *args, **kwargs))

    def render_pending_or_saved(self, request, *args, **kwargs):
        model_admin = admin.site._registry.get(self.model)
        pending = PendingChange.objects.waiting().for_pk(self.model, kwargs.get("pk")).first()
        if pending is None or not hasattr(model_admin, "preview_pending"):
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            obj = self.model._default_manager.filter(pk=pending.object_id).first()
            if obj is not None:
                model_admin.preview_pending(request, obj, pending)
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            transaction.set_rollback(True)
        return response

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
