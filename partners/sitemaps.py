"""Sitemaps for /sitemap.xml; vielfalt/urls.py collects them in its ``sitemaps`` dict."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.functional import cached_property

from core.sitemaps import OneQuerySitemap

from .models import Partner


class PartnerSitemap(OneQuerySitemap):
    changefreq = "monthly"

    def items(self):
        return Partner.objects.published().order_by("pk")

    def lastmod(self, partner):
        return partner.updated_at


class StaticViewSitemap(Sitemap):
    """The portal's own pages; those that show partners change when a partner changes."""

    changefreq = "weekly"
    partner_pages = {"home", "partners:list", "partners:statistics", "partners:map"}

    def items(self):
        return [
            "home",
            "partners:list",
            "partners:statistics",
            "partners:map",
            "partners:open_data",
            "press:list",
            "press:notices",
        ]

    def location(self, url_name):
        return reverse(url_name)

    @cached_property
    def partners_updated(self):
        return Partner.objects.published().last_updated()

    def lastmod(self, url_name):
        return self.partners_updated if url_name in self.partner_pages else None
