import reversion
from django.contrib import admin

from core.versions import VersionedAdmin

from .models import Page

reversion.register(Page)


@admin.register(Page)
class PageAdmin(VersionedAdmin):
    list_display = ["title", "slug", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "content"]
    prepopulated_fields = {"slug": ["title"]}
