from django.http import Http404
from django.views.generic import DetailView, RedirectView, TemplateView

from core.preview import DraftPreviewMixin
from measures.models import Measure
from partners.models import Partner
from press.models import PressItem

from .models import Page, YearReview


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


class YearReviewView(TemplateView):
    """/bilanz/<year>/: what a year brought, from the data: the partners that signed, the
    measures begun and completed with their figures summed, the press items dated in it,
    with the editors' introduction above."""

    template_name = "pages/year_review.html"

    def get_context_data(self, year, **kwargs):
        years = YearReview.objects.years()
        if year not in years:
            raise Http404
        index = years.index(year)
        return super().get_context_data(
            year=year,
            review=YearReview.objects.filter(year=year).first(),
            partners=Partner.objects.published().filter_by({"year": year}).with_list_data(),
            press_items=PressItem.objects.due().filter_by({"year": year}).with_list_data(),
            **Measure.objects.published().year_summary(year),
            newer_year=years[index - 1] if index > 0 else None,
            older_year=years[index + 1] if index + 1 < len(years) else None,
            **kwargs,
        )


class LatestYearReviewView(RedirectView):
    """/bilanz/ shows the latest year with something to show."""

    def get_redirect_url(self, *args, **kwargs):
        years = YearReview.objects.years()
        if not years:
            raise Http404
        return YearReview(year=years[0]).get_absolute_url()
