"""Pagination shared by the directory and the press lists."""


class ForgivingPaginationMixin:
    """For ListViews: `?page=abc` or `?page=999` shows a real page instead of a 404, and
    templates get the query string without the page number for the page links."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        return super().get_context_data(query_without_page=query.urlencode(), **kwargs)
