from django.contrib import admin

from core.richtext import RichTextAdmin

from .models import Page, YearReview


@admin.register(Page)
class PageAdmin(RichTextAdmin, admin.ModelAdmin):
    list_display = ["title", "slug", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "content"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(YearReview)
class YearReviewAdmin(admin.ModelAdmin):
    list_display = ["year", "updated_at"]
    search_fields = ["introduction"]
