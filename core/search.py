"""Full-text search shared by the directory and the site search.

A row is found when every word of the query occurs in one of the searched fields: as a
part of a word everywhere, and on PostgreSQL also through the German text-search
configuration, which finds inflected forms ("Partnerschaften" finds "Partnerschaft") and
ranks the hits. A field may follow a relation: "category__name" (one related row) or
"quotes__text" (many related rows, searched through a subquery, so that a row is found
once however many of its related rows match). Rich text is searched as text: "strong"
finds the word, not every text with bold in it.
"""

import functools
import operator
import re

from django.db import connection
from django.db.models import Exists, F, Func, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Concat
from django.db.models.lookups import IContains
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.richtext import RichTextField
from core.text import one_line, plain_text

MAX_TERMS = 10


class PlainText(Func):
    """The words of a rich-text column without its markup (core.text.plain_text): on
    SQLite that very function (registered with each connection), on PostgreSQL tags
    become spaces and the entities the sanitiser writes become their characters."""

    function = "plain_text"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        words = "regexp_replace(%(expressions)s, '<[^>]*>', ' ', 'g')"
        for entity, character in [("&lt;", "<"), ("&gt;", ">"), ("&nbsp;", " "), ("&amp;", "&")]:
            words = f"replace({words}, '{entity}', '{character}')"
        return self.as_sql(compiler, connection, template=words, **extra_context)


def register_sqlite_functions(sender, connection, **kwargs):
    """connection_created: SQLite learns plain_text() (see PlainText)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("plain_text", 1, plain_text, deterministic=True)


def _searchable(model, field):
    """``field`` as the search reads it: rich text as its plain text."""
    if "__" not in field and isinstance(model._meta.get_field(field), RichTextField):
        return PlainText(field)
    return F(field)


def terms(query):
    return (query or "").split()[:MAX_TERMS]


def full_text(queryset, fields, query):
    """``queryset`` narrowed to rows whose ``fields`` match ``query``, best hits first."""
    words = terms(query)
    if not words:
        return queryset.none()
    own, related = _by_relation(queryset.model, fields)
    every_word = functools.reduce(
        operator.and_, (_contains(queryset.model, own, related, word) for word in words)
    )
    if connection.vendor != "postgresql":
        return queryset.filter(every_word)
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    texts = {
        f"search_text_{relation}": _related_text(queryset.model, relation, names)
        for relation, names in related.items()
    }
    vector = SearchVector(
        *(_searchable(queryset.model, field) for field in own), *texts, config="german"
    )
    search_query = SearchQuery(" ".join(words), config="german", search_type="websearch")
    # A positive rank is not a match (ts_rank counts a hit of any word): the filter is @@.
    return (
        queryset.alias(**texts, search_vector=vector)
        .filter(Q(search_vector=search_query) | every_word)
        .annotate(search_rank=SearchRank(F("search_vector"), search_query))
        .order_by("-search_rank", "pk")
    )


def _by_relation(model, fields):
    """The fields of the row and of rows it has one of, and those of rows it has many of
    ({relation: [field, …]})."""
    own, related = [], {}
    for field in fields:
        relation, _, rest = field.partition("__")
        target = model._meta.get_field(relation)
        if rest and (target.one_to_many or target.many_to_many):
            related.setdefault(relation, []).append(rest)
        else:
            own.append(field)
    return own, related


def _related_rows(model, relation):
    """The rows behind ``relation`` that belong to the outer query's row."""
    field = model._meta.get_field(relation)
    lookup = field.remote_field.name
    return field.related_model._default_manager.filter(**{lookup: OuterRef("pk")}), lookup


def _contains(model, own, related, word):
    """``word`` as part of one of the fields (case-insensitive)."""
    match = [Q(IContains(_searchable(model, field), word)) for field in own]
    for relation, names in related.items():
        rows, _ = _related_rows(model, relation)
        hits = functools.reduce(
            operator.or_, (Q(**{f"{name}__icontains": word}) for name in names)
        )
        match.append(Exists(rows.filter(hits)))
    return functools.reduce(operator.or_, match)


def _related_text(model, relation, names):
    """The related rows' fields as one text per outer row (PostgreSQL)."""
    from django.contrib.postgres.aggregates import StringAgg

    rows, lookup = _related_rows(model, relation)
    parts = [part for name in names for part in (name, Value(" "))][:-1]
    text = Concat(*parts, output_field=TextField()) if len(parts) > 1 else parts[0]
    return Subquery(
        rows.order_by()
        .values(lookup)
        .annotate(search_text=StringAgg(text, delimiter=" "))
        .values("search_text"),
        output_field=TextField(),
    )


def excerpt(text, query, width=220):
    """A piece of ``text`` around the first hit, escaped, with every hit in <mark>."""
    text = one_line(text)
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
