"""The Atom feed of new partners, /partner/feed/.

Order: the partners entered into the directory most recently come first, so that a new
partner appears in the feed even when its signing date is not known; partners entered at
the same moment (the initial import) follow the directory's order, the ministry's list.
Entry date: the signing day when it is known to the day, otherwise the moment the partner
was entered into the directory. The entry's text states the signing date at its precision.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from core.text import paragraphs, plain_text

from .export import PUBLISHER
from .models import Partner


class NewPartnersFeed(Feed):
    feed_type = Atom1Feed
    title = _("Vielfalt verbindet! – Neue Partner")
    subtitle = _(
        "Behörden, Kommunen, Verbände und Unternehmen, die die Vereinbarung zur "
        "Partnerinitiative des Landes Nordrhein-Westfalen unterzeichnet haben."
    )
    author_name = PUBLISHER
    description_template = "partners/feed_item_description.html"
    item_count = 20

    def link(self):
        return reverse("partners:list")

    def items(self):
        return Partner.objects.published().for_feed()[: self.item_count]

    def item_title(self, item):
        return item.name

    def item_pubdate(self, item):
        return item.feed_date

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [category.name for category in item.category_list]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The report's first paragraph, as plain text, ends the entry's text.
        context["report_start"] = next(iter(paragraphs(plain_text(kwargs["item"].summary))), "")
        return context
