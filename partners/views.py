from django.conf import settings
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView, TemplateView, View

from core.pagination import ForgivingPaginationMixin
from core.preview import DraftPreviewMixin

from . import export
from .charts import more_statistics, statistics_charts
from .forms import PartnerFilterForm
from .models import Partner
from .nrwmap import region_map


class PartnerListView(ForgivingPaginationMixin, ListView):
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            filter_form=self.filter_form, license=export.LICENSE, **kwargs
        )
        # Filtered views point search engines to the plain directory; later pages to themselves.
        if context["page_obj"].number > 1:
            context["canonical_url"] = self.request.build_absolute_uri(
                f"{self.request.path}?{urlencode({'page': context['page_obj'].number})}"
            )
        return context


class PartnerDetailView(DetailView):
    def get_queryset(self):
        return Partner.objects.published().with_detail_data()


class PartnerPreviewView(DraftPreviewMixin, PartnerDetailView):
    model = Partner


class PartnerExportView(View):
    """/partner/export.csv and /partner/export.json: the directory's result as open data."""

    format = "csv"

    def get(self, request, *args, **kwargs):
        filter_form = PartnerFilterForm(request.GET)
        filters = filter_form.filters()
        partners = (
            Partner.objects.published()
            .search(filters.get("q"))
            .filter_by(filters)
            .with_export_data()
        )
        data = export.PartnerExport(request, partners, filter_form)
        return data.json_response() if self.format == "json" else data.csv_response()


class OpenDataView(TemplateView):
    template_name = "partners/open_data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            fields=export.FIELDS,
            license=export.LICENSE,
            publisher=export.PUBLISHER,
            schema_version=export.SCHEMA_VERSION,
            schema_changes=export.SCHEMA_CHANGES,
            csv_delimiter=export.CSV_DELIMITER,
            partner_count=Partner.objects.published().count(),
            **kwargs,
        )


class PartnerStatisticsView(TemplateView):
    template_name = "partners/partner_statistics.html"

    def get_context_data(self, **kwargs):
        charts = statistics_charts(Partner.objects.published())
        return super().get_context_data(
            charts=charts,
            partner_count=charts[0].total,
            more_sections=more_statistics(),
            **kwargs,
        )


class PartnerMapView(TemplateView):
    template_name = "partners/partner_map.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(map=region_map(Partner.objects.published()), **kwargs)
