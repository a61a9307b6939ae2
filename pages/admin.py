from django.contrib import admin

from core.workflow import WorkflowAdminMixin

from .models import Page


@admin.register(Page)
class PageAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "content"]
    prepopulated_fields = {"slug": ["title"]}
    actions = WorkflowAdminMixin.workflow_actions
