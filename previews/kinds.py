"""The kinds of content a preview link can show, each with its preview view: the one place
that names them (the admin's button, the link's model and its public view read it)."""

from measures.models import Measure
from measures.views import MeasurePreviewView
from pages.models import Page
from pages.views import PagePreviewView
from partners.models import Partner
from partners.views import PartnerPreviewView
from press.models import EventNotice, PressRelease
from press.views import EventNoticePreviewView, PressReleasePreviewView

PREVIEW_VIEWS = {
    Partner: PartnerPreviewView,
    PressRelease: PressReleasePreviewView,
    EventNotice: EventNoticePreviewView,
    Page: PagePreviewView,
    Measure: MeasurePreviewView,
}


def is_previewable(model):
    return model in PREVIEW_VIEWS


def preview_view(model):
    """The view that renders ``model``'s page for a preview link (access decided by it)."""
    return PREVIEW_VIEWS[model].as_view(shared=True)
