"""RSS 2.0 and Atom feeds of the newest public press items (Django's syndication framework)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.text import paragraphs, plain_text

from .models import PressItem


class PressFeed(Feed):
    title = _("Presse – Vielfalt verbindet! Interkulturelle Öffnung als Erfolgsfaktor")
    description = _(
        "Pressemitteilungen und Terminhinweise zur Partnerinitiative des Ministeriums für "
        "Arbeit, Integration und Soziales des Landes Nordrhein-Westfalen."
    )
    link = reverse_lazy("press:list")
    feed_url = reverse_lazy("press:feed")
    language = "de"
    item_count = 20

    def items(self):
        return PressItem.objects.due().with_list_data()[: self.item_count]

    def item_title(self, item):
        if item.is_release:
            return item.title
        return gettext("Terminhinweis: %(title)s") % {"title": item.status_title}

    def item_description(self, item):
        """HTML (as feed readers expect), built from escaped plain text."""
        entry = item.specific
        if item.is_release:
            texts = paragraphs(plain_text(entry.teaser))
        else:
            texts = []
            if entry.status_label:
                texts.append(entry.status_message())
            texts.append(
                gettext("Termin: %(when)s, %(where)s")
                % {"when": entry.when_display(), "where": entry.location_display}
            )
            texts.extend(paragraphs(plain_text(entry.body))[:1])
        return "".join(f"<p>{escape(text)}</p>" for text in texts)

    def item_pubdate(self, item):
        return item.dated_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        categories = [item.get_kind_display()]
        if item.status_label:
            categories.append(item.specific.get_status_display())
        return categories


class PressAtomFeed(PressFeed):
    feed_type = Atom1Feed
    feed_url = reverse_lazy("press:atom")

    @property
    def subtitle(self):
        return self.description
