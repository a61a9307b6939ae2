from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views import View

from core.tokens import SecretLinkMixin

from .kinds import is_previewable, preview_view
from .models import PreviewLink


class SharedPreviewView(SecretLinkMixin, View):
    """/vorschau/<token>/: the draft a preview link names, as it is in the database now.

    A token that opens nothing gets the shared 404 page, also once the draft is deleted."""

    http_method_names = ["get", "head"]
    link_model = PreviewLink
    link_name = _("Vorschau-Link")
    link_help = _(
        "Einen neuen Vorschau-Link erhalten Sie von Ihrer Ansprechperson im Ministerium."
    )

    def get_link(self, token):
        return PreviewLink.objects.select_related("content_type").from_token(token)

    def get(self, request, token):
        model = self.link.content_type.model_class()
        if model is None or not is_previewable(model):
            return self.refused()
        try:
            return preview_view(model)(request, pk=self.link.object_id)
        except Http404:
            return self.refused()
