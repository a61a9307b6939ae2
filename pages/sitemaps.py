from core.sitemaps import OneQuerySitemap

from .models import Page


class PageSitemap(OneQuerySitemap):
    changefreq = "yearly"

    def items(self):
        return Page.objects.published().order_by("pk")

    def lastmod(self, page):
        return page.updated_at
