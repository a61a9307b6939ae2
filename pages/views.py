from django.views.generic import DetailView, TemplateView

from core.preview import DraftPreviewMixin
from partners.models import Partner

from .models import Page


class PageView(DetailView):
    template_name = "pages/page.html"
    context_object_name = "page"

    def get_queryset(self):
        return Page.objects.published()


class PagePreviewView(DraftPreviewMixin, PageView):
    model = Page

    def get_queryset(self):
        return Page.objects.all()


class HomeView(TemplateView):
    template_name = "pages/home.html"
    newest_count = 6

    def get_context_data(self, **kwargs):
        published = Partner.objects.published()
        return super().get_context_data(
            partner_count=published.count(),
            newest_partners=published.with_list_data()[: self.newest_count],
            **kwargs,
        )
