from django.conf import settings
from django.views.generic import DetailView, ListView, TemplateView

from .forms import PartnerFilterForm
from .models import Partner


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


class PartnerListView(ListView):
    paginate_by = settings.PARTNERS_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.filter_form = PartnerFilterForm(request.GET)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        filters = self.filter_form.filters()
        return (
            Partner.objects.published()
            .search(filters.get("q"))
            .filter_by(filters)
            .with_list_data()
        )

    def paginate_queryset(self, queryset, page_size):
        # get_page() turns "?page=abc" or "?page=999" into a real page instead of a 404.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        return super().get_context_data(
            filter_form=self.filter_form,
            query_without_page=query.urlencode(),
            **kwargs,
        )


class PartnerDetailView(DetailView):
    def get_queryset(self):
        return Partner.objects.published().with_detail_data()
