from django import template

register = template.Library()


@register.simple_tag
def page_numbers(page, on_each_side=2, on_ends=1):
    """The page numbers to link around the current page, with the paginator's ELLIPSIS for
    the gaps: "1 … 4 5 6 7 8 … 100". As long for 100 pages as for 10."""
    return list(
        page.paginator.get_elided_page_range(
            page.number, on_each_side=on_each_side, on_ends=on_ends
        )
    )
