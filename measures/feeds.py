"""The Atom feed of new and completed measures, /massnahmen/feed/: an entry when a measure
is published, and again (the same entry, updated) when it is completed."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.export import PUBLISHER

from .models import Measure


class MeasuresFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Vielfalt verbindet! – Neue und abgeschlossene Maßnahmen")
    subtitle = gettext_lazy(
        "Was die Partner der Initiative für die interkulturelle Öffnung ihrer Institution "
        "tun: neu veröffentlichte und abgeschlossene Maßnahmen."
    )
    author_name = PUBLISHER
    description_template = "measures/feed_item_description.html"
    item_count = 20

    def link(self):
        return reverse("measures:list")

    def items(self):
        return Measure.objects.published().for_feed()[: self.item_count]

    def item_title(self, item):
        if item.is_new_event:
            return _("Neue Maßnahme: %(title)s (%(partner)s)") % {
                "title": item.title,
                "partner": item.partner.name,
            }
        return _("Abgeschlossen: %(title)s (%(partner)s)") % {
            "title": item.title,
            "partner": item.partner.name,
        }

    def item_pubdate(self, item):
        return item.event_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.field_of_action.name, item.get_status_display()]
