import reversion
from django.contrib import admin
from django.urls import reverse

from core.richtext import RichTextAdmin
from core.versions import VersionedAdmin

from .models import Page, YearReview

reversion.register(Page)


@admin.register(Page)
class PageAdmin(RichTextAdmin, VersionedAdmin):
    list_display = ["title", "slug", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "content"]
    prepopulated_fields = {"slug": ["title"]}

    def view_on_site(self, page):
        # Drafts too: the page as it will look, with the preview banner (staff only).
        return reverse("page_preview", kwargs={"pk": page.pk})


@admin.register(YearReview)
class YearReviewAdmin(admin.ModelAdmin):
    list_display = ["year", "updated_at"]
    search_fields = ["introduction"]
