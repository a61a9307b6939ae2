import reversion
from django.contrib import admin
from django.urls import reverse

from core.richtext import RichTextAdmin
from core.versions import VersionedAdmin
from core.workflow import WorkflowAdminMixin

from .models import Page, YearReview

reversion.register(Page)


@admin.register(Page)
class PageAdmin(WorkflowAdminMixin, RichTextAdmin, VersionedAdmin):
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "content"]
    prepopulated_fields = {"slug": ["title"]}
    actions = WorkflowAdminMixin.workflow_actions

    def view_on_site(self, page):
        # Drafts too: the page as it will look, with the preview banner (staff only).
        return reverse("page_preview", kwargs={"pk": page.pk})


@admin.register(YearReview)
class YearReviewAdmin(admin.ModelAdmin):
    list_display = ["year", "updated_at"]
    search_fields = ["introduction"]
