from core.sitemaps import OneQuerySitemap

from .models import Page, YearReview


class PageSitemap(OneQuerySitemap):
    changefreq = "yearly"

    def items(self):
        return Page.objects.published().order_by("pk")

    def lastmod(self, page):
        return page.updated_at


class YearReviewSitemap(OneQuerySitemap):
    """One yearly summary per year that has one (YearReview.objects.years())."""

    changefreq = "monthly"

    def items(self):
        return YearReview.objects.years()

    def location(self, year):
        return YearReview(year=year).get_absolute_url()
