from django.contrib import admin
from django.urls import reverse

from .models import Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "content"]
    prepopulated_fields = {"slug": ["title"]}

    def view_on_site(self, page):
        # Drafts too: the page as it will look, with the preview banner (staff only).
        return reverse("page_preview", kwargs={"pk": page.pk})
