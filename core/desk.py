"""The office's desk: the admin start page's blocks (what waits for whom, what is planned).

Apps contribute blocks without core knowing them: each registers a provider, a callable
``provider(request)`` that returns ``Block`` objects, in its ``AppConfig.ready``. The
workflow blocks are built here for every admin-registered model with the workflow.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .dates import moment
from .models import PendingChange
from .workflow import PENDING_FILTER, PUBLIC_STATES, State, Workflow, can_publish, user_name

# Entries listed per kind; the count says how many there are in all.
LIMIT = 5
_providers = []


@dataclass
class Entry:
    label: str
    url: str
    note: str = ""


@dataclass
class Group:
    """One kind of item in a block: e.g. the press releases waiting for approval."""

    title: str
    url: str
    entries: list
    count: int


@dataclass
class Block:
    key: str
    title: str
    empty: str
    groups: list = field(default_factory=list)

    @property
    def count(self):
        return sum(group.count for group in self.groups)


def register(provider):
    _providers.append(provider)
    return provider


def blocks(request):
    return [block for provider in _providers for block in provider(request)]


def changelist_url(model, **params):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def group(model, queryset, url, note=lambda obj: ""):
    """A group from ``queryset``: one query, and a count query only when there are more."""
    entries = list(queryset[: LIMIT + 1])
    count = len(entries) if len(entries) <= LIMIT else queryset.count()
    return Group(
        title=model._meta.verbose_name_plural,
        url=url,
        entries=[Entry(str(obj), change_url(obj), note(obj)) for obj in entries[:LIMIT]],
        count=count,
    )


def workflow_models(request):
    return [
        model
        for model in admin.site._registry
        if issubclass(model, Workflow) and request.user.has_perm(
            f"{model._meta.app_label}.view_{model._meta.model_name}"
        )
    ]  # fmt: skip


@register
def workflow_blocks(request):
    user = request.user
    models = workflow_models(request)
    awaiting = Block(
        "freigabe",
        _("Wartet auf meine Freigabe"),
        _("Nichts wartet auf Ihre Freigabe."),
    )
    drafts = Block("entwuerfe", _("Meine Entwürfe"), _("Sie haben keine offenen Entwürfe."))
    scheduled = Block("geplant", _("Geplant"), _("Nichts ist zur Veröffentlichung geplant."))
    for model in models:
        manager = model._default_manager
        if can_publish(user, model):
            awaiting.groups.append(
                group(
                    model,
                    manager.awaiting_approval_by(user).order_by("submitted_at", "pk"),
                    changelist_url(model, meine="freigabe"),
                    lambda obj: _("eingereicht %(when)s") % {"when": moment(obj.submitted_at)},
                )
            )
        drafts.groups.append(
            group(
                model,
                manager.drafts_of(user).order_by("-updated_at", "-pk"),
                changelist_url(model, meine="entwuerfe"),
                lambda obj: obj.current_state_label,
            )
        )
        if model.publish_at_field:
            later = {f"{model.publish_at_field}__gt": timezone.now()}
            scheduled.groups.append(
                group(
                    model,
                    manager.filter(state__in=PUBLIC_STATES, **later).order_by(
                        model.publish_at_field, "pk"
                    ),
                    changelist_url(model, status=State.SCHEDULED),
                    lambda obj: _("ab %(when)s") % {"when": moment(obj.publish_at_value)},
                )
            )
    publishable = [model for model in models if can_publish(user, model)]
    awaiting.groups += pending_groups(
        PendingChange.objects.awaiting_approval_by(user, publishable),
        models,
        lambda change: (
            _("vorgeschlagen von %(author)s, %(when)s")
            % {"author": user_name(change.edited_by), "when": moment(change.updated_at)}
        ),
    )
    proposed = Block(
        "aenderungen",
        _("Meine Änderungen zur Freigabe"),
        _("Keine Ihrer Änderungen an veröffentlichten Einträgen ist offen."),
        pending_groups(PendingChange.objects.written_by(user), models, own_change_note),
    )
    return [
        b
        for b in (awaiting, drafts, proposed, scheduled)
        if b.groups or b.key not in ("freigabe", "aenderungen")
    ]


def pending_groups(queryset, models, note):
    """The pending changes in ``queryset`` (one query), a group per kind; each entry leads
    to the change's page, the group to the kind's items with a pending change."""
    by_kind = {}
    changes = queryset.select_related("content_type", "edited_by", "rejected_by")
    for change in changes.order_by("updated_at", "pk"):
        by_kind.setdefault(change.content_type.model_class(), []).append(change)
    return [
        Group(
            title=_("%(kind)s: Änderungen zur Freigabe")
            % {"kind": model._meta.verbose_name_plural},
            url=changelist_url(model, status=PENDING_FILTER),
            entries=[
                Entry(str(change), pending_url(model, change.object_id), note(change))
                for change in by_kind[model][:LIMIT]
            ],
            count=len(by_kind[model]),
        )
        for model in models
        if model in by_kind
    ]


def pending_url(model, pk):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_pending", args=[pk])


def own_change_note(change):
    if change.is_waiting:
        return _("wartet seit %(when)s") % {"when": moment(change.updated_at)}
    note = _("abgelehnt von %(approver)s, %(when)s") % {
        "approver": user_name(change.rejected_by),
        "when": moment(change.rejected_at),
    }
    return f"{note}: „{change.reason}“" if change.reason else note


def recent_changes(request, limit=10):
    """The last changes by anyone (Django's admin log) to the kinds of objects the user may
    see; the log names each object as it was then."""
    kinds = Q(pk__in=[])
    for model in admin.site._registry:
        opts = model._meta
        if request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            kinds |= Q(content_type__app_label=opts.app_label, content_type__model=opts.model_name)
    entries = (
        LogEntry.objects.filter(kinds)
        .select_related("content_type", "user")
        .order_by("-action_time")
    )
    return [
        Entry(
            entry.object_repr,
            entry.get_admin_url() if not entry.is_deletion() else "",
            _("%(action)s von %(user)s, %(when)s")
            % {
                "action": action_label(entry),
                "user": entry.user.get_full_name() or entry.user.get_username(),
                "when": moment(entry.action_time),
            },
        )
        for entry in entries[:limit]
    ]


def action_label(entry):
    if entry.is_addition():
        return _("angelegt")
    if entry.is_deletion():
        return _("gelöscht")
    return _("geändert")
