from django import forms
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from pages.models import Page
from partners.models import Partner
from press.models import PressItem


class SiteSearchForm(forms.Form):
    q = forms.CharField(label=_("Suchbegriff"), max_length=200, required=False)


class SiteSearchView(TemplateView):
    """One result list over partners, press items and pages, grouped by kind."""

    template_name = "search/search.html"
    results_per_group = 20

    def get_context_data(self, **kwargs):
        form = SiteSearchForm(self.request.GET)
        query = form.cleaned_data["q"].strip() if form.is_valid() else ""
        groups = []
        if query:
            groups = [
                (_("Partner"), Partner.objects.published().search(query)),
                (_("Presse"), PressItem.objects.due().search_text(query)),
                (_("Seiten"), Page.objects.published().search_text(query)),
            ]
            groups = [
                {"title": title, "results": list(results[: self.results_per_group])}
                for title, results in groups
            ]
        return super().get_context_data(
            form=form,
            query=query,
            groups=[group for group in groups if group["results"]],
            result_count=sum(len(group["results"]) for group in groups),
            **kwargs,
        )
