from django.conf import settings
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from core.cache import no_page_cache
from core.pagination import ForgivingPaginationMixin
from core.preview import DraftPreviewMixin
from core.spam import SpamCheckedFormViewMixin
from core.tokens import SecretLinkMixin
from partners.export import LICENSE, PUBLISHER

from . import export
from .forms import MeasureFilterForm, MeasureProposalForm
from .models import Measure, ReportingLink


def _filtered(filter_form):
    filters = filter_form.filters()
    return filters, Measure.objects.published().search(filters.get("q")).filter_by(filters)


class MeasureListView(ForgivingPaginationMixin, ListView):
    paginate_by = settings.MEASURES_PER_PAGE
    template_name = "measures/measure_list.html"

    def get(self, request, *args, **kwargs):
        self.filter_form = MeasureFilterForm(request.GET)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return _filtered(self.filter_form)[1].with_list_data()

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, license=LICENSE, **kwargs)


class MeasureDetailView(DetailView):
    template_name = "measures/measure_detail.html"

    def get_queryset(self):
        return Measure.objects.published().with_detail_data()


class MeasurePreviewView(DraftPreviewMixin, MeasureDetailView):
    model = Measure


class MeasureExportView(View):
    """/massnahmen/export.csv and /massnahmen/export.json: the register's result."""

    format = "csv"

    def get(self, request, *args, **kwargs):
        filter_form = MeasureFilterForm(request.GET)
        measures = _filtered(filter_form)[1].with_export_data()
        data = export.MeasureExport(request, measures, filter_form)
        return data.json_response() if self.format == "json" else data.csv_response()


class MeasureOpenDataView(TemplateView):
    template_name = "measures/open_data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            fields=export.FIELDS,
            license=LICENSE,
            publisher=PUBLISHER,
            schema_version=export.SCHEMA_VERSION,
            measure_count=Measure.objects.published().count(),
            **kwargs,
        )


class ReportingLinkMixin(SecretLinkMixin):
    """The partner's personal link, checked before anything else; it opens nothing once
    the partner is no longer published."""

    link_model = ReportingLink
    link_name = _("Berichtslink")
    link_help = _(
        "Einen neuen Link für Ihre Organisation erhalten Sie von der Geschäftsstelle der "
        "Initiative."
    )

    def get_link(self, token):
        links = ReportingLink.objects.select_related("partner")
        return links.filter(partner__is_published=True).from_token(token)


@method_decorator(no_page_cache, name="dispatch")
class ReportView(ReportingLinkMixin, SpamCheckedFormViewMixin, FormView):
    """/berichten/<token>/: a partner's reporting page: its published measures, and a form
    to propose a new one or an update, saved unpublished for the editorial office."""

    template_name = "measures/report.html"
    form_class = MeasureProposalForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["link"] = self.link
        return kwargs

    def get_initial(self):
        slug = self.request.GET.get("massnahme")
        measure = (
            Measure.objects.published()
            .filter(partner=self.link.partner, slug=slug)
            .prefetch_related("figures")
            .first()
            if slug
            else None
        )
        return MeasureProposalForm.initial_for(measure) if measure else {}

    def get_context_data(self, **kwargs):
        rows = list(Measure.objects.on_reporting_page(self.link.partner))
        return super().get_context_data(
            partner=self.link.partner,
            link=self.link,
            measures=[measure for measure in rows if measure.is_published],
            waiting=[measure for measure in rows if not measure.is_published],
            **kwargs,
        )

    def form_valid(self, form):
        refusal = self.refusal(form)
        if refusal:
            return refusal
        form.save()
        return redirect("measures:report_thanks", token=self.kwargs["token"])


@method_decorator(no_page_cache, name="dispatch")
class ReportThanksView(ReportingLinkMixin, TemplateView):
    template_name = "measures/report_thanks.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(partner=self.link.partner, **kwargs)
