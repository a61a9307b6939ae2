from django.contrib.sitemaps import Sitemap

from .models import PressItem


class PressSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return PressItem.objects.due().order_by("pk")

    def lastmod(self, item):
        return item.updated_at
