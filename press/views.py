from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, RedirectView

from core.cache import remember
from core.pagination import ForgivingPaginationMixin
from core.preview import DraftPreviewMixin

from . import calendar
from .forms import PressFilterForm
from .models import EventNotice, PressItem, PressRelease


class PressListView(ForgivingPaginationMixin, ListView):
    """/presse/: press releases and event notices together, newest first."""

    template_name = "press/pressitem_list.html"
    context_object_name = "press_items"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        # The archive's years: once per content change (or minute, as items fall due).
        years = remember(
            "press:years", lambda: PressItem.objects.due().years(), settings.PAGE_CACHE_TIMEOUT
        )
        self.filter_form = PressFilterForm(request.GET, years=years)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return PressItem.objects.due().filter_by(self.filter_form.filters()).with_list_data()

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class ReleaseIndexView(RedirectView):
    """/presse/mitteilungen/ is the archive filtered to press releases."""

    def get_redirect_url(self, *args, **kwargs):
        return reverse("press:list") + "?type=pressemitteilungen"


class NoticeListView(ForgivingPaginationMixin, ListView):
    """/presse/termine/: upcoming notices (soonest first), then past ones (newest first)."""

    template_name = "press/eventnotice_list.html"
    context_object_name = "past_notices"
    paginate_by = 20

    def get_queryset(self):
        return EventNotice.objects.due().past()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            upcoming_notices=EventNotice.objects.due().upcoming(), **kwargs
        )


class StructuredDataMixin:
    def get_context_data(self, **kwargs):
        return super().get_context_data(
            structured_data=self.object.structured_data(self.request.build_absolute_uri),
            **kwargs,
        )


class PressReleaseDetailView(StructuredDataMixin, DetailView):
    def get_queryset(self):
        return PressRelease.objects.due().with_detail_data()


class EventNoticeDetailView(StructuredDataMixin, DetailView):
    def get_queryset(self):
        return EventNotice.objects.due().with_detail_data()


class PressReleasePreviewView(DraftPreviewMixin, PressReleaseDetailView):
    model = PressRelease


class EventNoticePreviewView(DraftPreviewMixin, EventNoticeDetailView):
    model = EventNotice


def _calendar_response(content, filename=None):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def notice_ics(request, slug):
    """One notice as an iCalendar file ("In den Kalender")."""
    notice = get_object_or_404(EventNotice.objects.due(), slug=slug)
    content = calendar.notice_calendar(notice, request.build_absolute_uri)
    return _calendar_response(content, f"{notice.slug}.ics")


@require_safe
def notices_ics(request):
    """All public notices as a calendar to subscribe to."""
    notices = EventNotice.objects.due().order_by("start", "pk")
    return _calendar_response(calendar.notices_calendar(notices, request.build_absolute_uri))
