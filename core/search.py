"""Full-text search shared by the site search's three kinds of content.

On PostgreSQL the German text-search configuration finds inflected forms
("Partnerschaften" finds "Partnerschaft") and ranks the hits; elsewhere (SQLite in
development) every word must occur somewhere in the fields, case-insensitively.
"""

import re

from django.db import connection
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_TERMS = 10


def terms(query):
    return (query or "").split()[:MAX_TERMS]


def full_text(queryset, fields, query):
    """``queryset`` narrowed to rows whose ``fields`` match ``query``, best hits first."""
    words = terms(query)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector(*fields, config="german")
        search_query = SearchQuery(" ".join(words), config="german", search_type="websearch")
        return (
            queryset.annotate(search_rank=SearchRank(vector, search_query))
            .filter(search_rank__gt=0)
            .order_by("-search_rank", "pk")
        )
    for word in words:
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


def excerpt(text, query, width=220):
    """A piece of ``text`` around the first hit, escaped, with every hit in <mark>."""
    text = re.sub(r"<[^>]+>", " ", text or "")
    text = re.sub(r"\s+", " ", text).strip()
    words = [re.escape(word) for word in terms(query)]
    pattern = re.compile("|".join(words), re.IGNORECASE) if words else None
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - width // 3) if first else 0
    piece = text[start : start + width]
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + width < len(text) else ""
    if not pattern:
        return escape(prefix + piece + suffix)
    marked, position = [], 0
    for hit in pattern.finditer(piece):
        marked.append(escape(piece[position : hit.start()]))
        marked.append(f"<mark>{escape(hit.group(0))}</mark>")
        position = hit.end()
    marked.append(escape(piece[position:]))
    return mark_safe(escape(prefix) + "".join(marked) + escape(suffix))
