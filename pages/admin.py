from django.contrib import admin

from core.richtext import RichTextAdmin

from .models import Page


@admin.register(Page)
class PageAdmin(RichTextAdmin, admin.ModelAdmin):
    list_display = ["title", "slug", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "content"]
    prepopulated_fields = {"slug": ["title"]}
