from core.sitemaps import OneQuerySitemap

from .models import PressItem


class PressSitemap(OneQuerySitemap):
    changefreq = "monthly"

    def items(self):
        return PressItem.objects.due().order_by("pk")

    def lastmod(self, item):
        return item.updated_at
