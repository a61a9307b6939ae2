"""A readable comparison of a change form with the live item: what an approver reads.

Built from the admin's own bound form and formsets (the pending change replayed, not
saved): a row per changed field (label, old, new, and for long texts the words removed and
inserted), and per inline the rows added, changed and removed.
"""

import datetime
import difflib
from dataclasses import dataclass, field
from pathlib import PurePath

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import normalize_newlines
from django.utils.translation import gettext_lazy as _

# Texts longer than this are shown as a word diff instead of old and new in full.
LONG_TEXT = 120


@dataclass
class Row:
    label: str
    old: str
    new: str
    diff: list = field(default_factory=list)  # (kind, words): kind "same", "del" or "ins"


@dataclass
class InlineRow:
    label: str
    rows: list


@dataclass
class InlineChanges:
    title: str
    added: list
    changed: list
    removed: list


@dataclass
class Comparison:
    fields: list
    inlines: list

    def __bool__(self):
        return bool(self.fields or self.inlines)


def compare(form, formsets):
    return Comparison(
        fields=rows(form, form.changed_data),
        inlines=[c for c in (inline_changes(formset) for formset in formsets) if c],
    )


def inline_changes(formset):
    skip = {"id", "DELETE", "ORDER", getattr(getattr(formset, "fk", None), "name", None)}
    added, changed, removed = [], [], []
    for one in formset.forms:
        live = one.instance.pk is not None and one.initial
        if live and formset.can_delete and formset._should_delete_form(one):
            removed.append(str(one.instance))
            continue
        names = [name for name in one.changed_data if name not in skip]
        if not names:
            continue
        if live:
            changed.append(InlineRow(str(one.instance), rows(one, names)))
        else:
            added.append(InlineRow(str(one.instance), rows(one, names, new_only=True)))
    if not (added or changed or removed):
        return None
    return InlineChanges(formset.model._meta.verbose_name_plural, added, changed, removed)


def rows(form, names, new_only=False):
    result = []
    for name in names:
        bound = form[name]
        new = display(bound.field, form.cleaned_data.get(name) if form.is_bound else None)
        old = "" if new_only else display(bound.field, bound.initial)
        diff = word_diff(old, new) if max(len(old), len(new)) > LONG_TEXT else []
        result.append(Row(str(bound.label), old, new, diff))
    return result


def display(form_field, value):
    """A value as the editor reads it: names instead of ids, dates in German, text without
    markup."""
    if value in (None, "", [], ()) or (isinstance(value, models.QuerySet) and not value):
        return ""
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        if not all(isinstance(v, models.Model) for v in value):
            value = form_field.queryset.filter(pk__in=value)
        return ", ".join(sorted(str(o) for o in value))
    if isinstance(form_field, forms.ModelChoiceField):
        if not isinstance(value, models.Model):
            value = form_field.queryset.filter(pk=value).first()
        return str(value) if value is not None else ""
    if isinstance(form_field, forms.FileField):
        return PurePath(getattr(value, "name", None) or str(value)).name
    if isinstance(value, bool):
        return str(_("ja") if value else _("nein"))
    if isinstance(form_field, forms.ChoiceField):
        return str(dict(flat_choices(form_field.choices)).get(value, value))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j. F Y, H:i") + " Uhr"
    if isinstance(value, datetime.date):
        return date_format(value, "j. F Y")
    return normalize_newlines(strip_tags(str(value))).strip()


def flat_choices(choices):
    for key, label in choices:
        if isinstance(label, (list, tuple)):
            yield from flat_choices(label)
        else:
            yield key, label


def word_diff(old, new):
    """Consecutive runs of words kept, removed and inserted."""
    old_words, new_words = old.split(), new.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(("same", " ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("del", " ".join(old_words[i1:i2])))
        if j2 > j1:
            parts.append(("ins", " ".join(new_words[j1:j2])))
    return parts
