"""The four-eyes workflow every publishable model shares (partners, press items, pages).

States: Entwurf → Zur Freigabe → Veröffentlicht (or Geplant, with a publish-at moment still
ahead) → Zurückgezogen. Redaktion writes and submits; only someone with the model's
``publish_<model>`` permission (the "Freigabe" group, or a superuser) approves, rejects or
withdraws. Whether someone may approve their own submission is the setting
``WORKFLOW_SELF_APPROVAL``.

``is_published`` stays the public flag the public QuerySets filter on; only the transitions
here change it (and the model's ``save`` keeps it in line with the state).
"""

import copy
from contextlib import nullcontext

import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import pre_save
from django.dispatch import Signal
from django.forms.formsets import all_valid
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from . import dates
from .versions import restore_view

# Sent after an item was submitted for approval: sender is the model class, with
# ``instance`` and ``user``. contact turns it into e-mail notification rows for approvers.
submitted_for_approval = Signal()


class State(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    REVIEW = "review", _("Zur Freigabe")
    SCHEDULED = "scheduled", _("Geplant")
    PUBLISHED = "published", _("Veröffentlicht")
    WITHDRAWN = "withdrawn", _("Zurückgezogen")


PUBLIC_STATES = (State.SCHEDULED, State.PUBLISHED)


SELF_APPROVAL_MESSAGE = _(
    "Sie haben diese Änderung selbst geschrieben. Nach dem Vier-Augen-Prinzip gibt sie eine "
    "andere Person der Freigabe frei."
)
STALE_MESSAGE = _(
    "Die Änderung passt nicht mehr zum Eintrag: Er wurde inzwischen geändert (etwa ein "
    "Zitat oder eine Datei entfernt). Die Änderung bleibt erhalten; bitte öffnen Sie das "
    "Formular, prüfen Sie die markierten Stellen und speichern Sie erneut."
)


def user_name(user):
    return (user.get_full_name() or user.get_username()) if user else "–"


class WorkflowError(ValidationError):
    """A transition that is not allowed; its message is shown to the editor."""


def publish_permission(model):
    """The permission that lets a user approve, withdraw and schedule items of ``model``."""
    # Multi-table children (press releases) share the permission of the parent that holds
    # the workflow fields.
    holder = next(m for m in [model, *model._meta.get_parent_list()] if Workflow in m.__bases__)
    return f"{holder._meta.app_label}.publish_{holder._meta.model_name}"


def can_publish(user, model):
    return user.has_perm(publish_permission(model))


def approver_addresses(model, exclude=None):
    """E-mail addresses of the active users who may approve items of ``model``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    app_label, codename = publish_permission(model).split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    users = (
        get_user_model()
        .objects.filter(
            Q(is_superuser=True)
            | Q(groups__permissions__in=permission)
            | Q(user_permissions__in=permission),
            is_active=True,
        )
        .exclude(email="")
    )
    if exclude is not None and not settings.WORKFLOW_SELF_APPROVAL:
        users = users.exclude(pk=exclude.pk)
    return sorted(set(users.values_list("email", flat=True)))


def approval_request(item):
    """What an approver is asked to look at for ``item``: who wrote it, the admin page to
    decide on, and whether it is a change to the live item (its pending change)."""
    from .models import PendingChange

    pending = PendingChange.objects.waiting().for_object(item).select_related("edited_by")
    pending = pending.first()
    opts = item._meta
    page = "pending" if pending is not None else "change"
    return {
        "submitted_by": pending.edited_by if pending is not None else item.submitted_by,
        "path": reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=[item.pk]),
        "is_change": pending is not None,
    }


class WorkflowQuerySet(models.QuerySet):
    def in_state(self, *states):
        return self.filter(state__in=states)

    def awaiting_approval_by(self, user):
        """Submitted items ``user`` may approve: not those they submitted or last edited, unless
        self-approval is on."""
        waiting = self.filter(state=State.REVIEW)
        if not settings.WORKFLOW_SELF_APPROVAL:
            waiting = waiting.exclude(submitted_by=user).exclude(edited_by=user)
        return waiting

    def drafts_of(self, user):
        """Items ``user`` last edited that are not public yet."""
        return self.filter(state__in=(State.DRAFT, State.REVIEW), edited_by=user)

    def publish(self):
        """Publish without the workflow's checks (seed data, tests, bench data)."""
        return self.update(state=State.PUBLISHED, is_published=True)

    def unpublish(self):
        return self.update(state=State.WITHDRAWN, is_published=False)


def user_field(verbose_name):
    """Who did something; kept as empty when the account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )


class Workflow(models.Model):
    """Abstract base: the state and who moved it. The model declares ``is_published``."""

    # Models with a publish-at moment (press) can be scheduled; the others publish at once.
    publish_at_field = None

    state = models.CharField(
        _("Status"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    edited_by = user_field(_("zuletzt bearbeitet von"))
    submitted_by = user_field(_("eingereicht von"))
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True, editable=False)
    approved_by = user_field(_("freigegeben von"))
    approved_at = models.DateTimeField(_("freigegeben am"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def sync_public_flag(self):
        """Keep ``is_published`` and the state in line.

        A row created as published outside the workflow (seed fixtures, tests) gets the
        state "Veröffentlicht"; otherwise the state decides.
        """
        if self._state.adding and self.is_published and self.state == State.DRAFT:
            self.state = State.PUBLISHED
        self.is_published = self.state in PUBLIC_STATES

    @property
    def publish_at_value(self):
        return getattr(self, self.publish_at_field) if self.publish_at_field else None

    @property
    def is_scheduled(self):
        moment = self.publish_at_value
        return self.state in PUBLIC_STATES and moment is not None and moment > timezone.now()

    @property
    def current_state(self):
        """The state as the office sees it now: a scheduled item whose moment came is live."""
        if self.state in PUBLIC_STATES:
            return State.SCHEDULED if self.is_scheduled else State.PUBLISHED
        return State(self.state)

    @property
    def current_state_label(self):
        return self.current_state.label

    # Transitions. Each checks who may do it and raises WorkflowError with a German message.

    def check_transition(self, action, user):
        if action == "submit":
            if self.state not in (State.DRAFT, State.WITHDRAWN):
                raise WorkflowError(
                    _("Nur Entwürfe und zurückgezogene Einträge werden eingereicht.")
                )
            return
        if not can_publish(user, type(self)):
            raise WorkflowError(
                _("Freigeben, Ablehnen und Zurückziehen darf nur die Freigabe."), code="permission"
            )
        if action == "approve":
            if self.state != State.REVIEW:
                raise WorkflowError(_("Freigegeben wird nur, was zur Freigabe eingereicht ist."))
            if self.submitted_by_id == user.pk and not settings.WORKFLOW_SELF_APPROVAL:
                raise WorkflowError(
                    _(
                        "Sie haben diesen Eintrag selbst eingereicht. Nach dem Vier-Augen-Prinzip "
                        "gibt ihn eine andere Person der Freigabe frei."
                    ),
                    code="self_approval",
                )
            if self.edited_by_id == user.pk and not settings.WORKFLOW_SELF_APPROVAL:
                raise WorkflowError(
                    _(
                        "Sie haben diesen Eintrag zuletzt bearbeitet. Nach dem "
                        "Vier-Augen-Prinzip gibt ihn eine andere Person der Freigabe frei."
                    ),
                    code="self_approval",
                )
        elif action == "reject":
            if self.state != State.REVIEW:
                raise WorkflowError(_("Abgelehnt wird nur, was zur Freigabe eingereicht ist."))
        elif action == "withdraw":
            if self.state not in PUBLIC_STATES:
                raise WorkflowError(
                    _("Zurückgezogen wird nur, was veröffentlicht oder geplant ist.")
                )
        else:
            raise WorkflowError(_("Unbekannter Schritt."))

    def apply_transition(self, action, user, now=None):
        """Check and perform ``action`` on this instance (the caller saves it)."""
        self.check_transition(action, user)
        now = now or timezone.now()
        if action == "submit":
            self.state = State.REVIEW
            self.submitted_by, self.submitted_at = user, now
            self.approved_by = self.approved_at = None
        elif action == "approve":
            moment = self.publish_at_value
            self.state = State.SCHEDULED if moment and moment > now else State.PUBLISHED
            self.approved_by, self.approved_at = user, now
        elif action == "reject":
            self.state = State.DRAFT
        elif action == "withdraw":
            self.state = State.WITHDRAWN
        self.sync_public_flag()

    def transition(self, action, user, now=None):
        """Perform ``action`` and save; a submission notifies the approvers."""
        self.apply_transition(action, user, now)
        self.save()
        if action == "submit":
            submitted_for_approval.send(sender=type(self), instance=self, user=user)


ACTIONS = {
    "submit": _("Zur Freigabe einreichen"),
    "approve": _("Freigeben"),
    "reject": _("Ablehnen (zurück an die Redaktion)"),
    "withdraw": _("Zurückziehen"),
}
DONE = {
    "submit": ngettext_lazy(
        "%(count)d Eintrag zur Freigabe eingereicht.",
        "%(count)d Einträge zur Freigabe eingereicht.",
        "count",
    ),
    "approve": ngettext_lazy(
        "%(count)d Eintrag freigegeben.", "%(count)d Einträge freigegeben.", "count"
    ),
    "reject": ngettext_lazy(
        "%(count)d Eintrag an die Redaktion zurückgegeben.",
        "%(count)d Einträge an die Redaktion zurückgegeben.",
        "count",
    ),
    "withdraw": ngettext_lazy(
        "%(count)d Eintrag zurückgezogen.", "%(count)d Einträge zurückgezogen.", "count"
    ),
}
DONE_ONE = {
    "submit": _("„%(item)s“ ist zur Freigabe eingereicht."),
    "approve": _("„%(item)s“ ist freigegeben."),
    "reject": _("„%(item)s“ ist an die Redaktion zurückgegeben."),
    "withdraw": _("„%(item)s“ ist zurückgezogen."),
}
# The change form's buttons: name of the submit button -> transition.
BUTTONS = {f"_workflow_{action}": action for action in ACTIONS}


# The state filter's choice for public items with a change waiting for approval.
PENDING_FILTER = "aenderung"


CHANGED_WHILE_APPROVING = _(
    "Sie haben den Eintrag geändert. Speichern Sie Ihre Änderung ohne Freigabe; freigeben "
    "kann sie dann eine andere Person der Freigabe."
)


def refuse_changed_rows(formset):
    """The inline rows of an approval must be the writer's too: ``formset``'s clean()
    refuses any row added, changed or deleted with the approval."""
    clean = formset.clean

    def clean_unchanged():
        clean()
        if formset.has_changed():
            raise ValidationError(CHANGED_WHILE_APPROVING, code="self_approval")

    formset.clean = clean_unchanged


class StateFilter(admin.SimpleListFilter):
    title = _("Status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        schedulable = getattr(model_admin.model, "publish_at_field", None)
        return [
            *((v, label) for v, label in State.choices if schedulable or v != State.SCHEDULED),
            (PENDING_FILTER, _("Änderung zur Freigabe")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value == PENDING_FILTER:
            return queryset.filter(has_pending_change=True)
        field = getattr(queryset.model, "publish_at_field", None)
        if field and value in PUBLIC_STATES:
            later = Q(**{f"{field}__gt": timezone.now()})
            public = queryset.filter(state__in=PUBLIC_STATES)
            return public.filter(later) if value == State.SCHEDULED else public.exclude(later)
        return queryset.filter(state=value)


class MineFilter(admin.SimpleListFilter):
    title = _("Meine Einträge")
    parameter_name = "meine"

    def lookups(self, request, model_admin):
        return [
            ("entwuerfe", _("meine Entwürfe")),
            ("freigabe", _("wartet auf meine Freigabe")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "entwuerfe":
            return queryset.drafts_of(request.user)
        if self.value() == "freigabe" and can_publish(request.user, queryset.model):
            return queryset.awaiting_approval_by(request.user)
        return queryset


class WorkflowAdminMixin:
    """Admin part of the workflow; composes with any ModelAdmin base class.

    Enforced on the server: the state and the public flag are never form fields; the
    transitions (buttons, actions) check the permission themselves; a public item is deleted
    only by someone who may publish. Its change form, saved by anyone but a superuser (or a
    publisher with self-approval), becomes its "Änderung zur Freigabe" (core.models
    .PendingChange): the live rows stay as they are until someone who may publish, and did
    not write the change, approves it on the page ``pending_view``. Approval replays the kept
    form through this admin's own form and formsets, in one transaction, as one new version.
    """

    workflow_fields = [
        "state_display",
        "submitted_by",
        "submitted_at",
        "approved_by",
        "approved_at",
    ]
    change_form_template = "admin/workflow/change_form.html"
    pending_template = "admin/workflow/pending_change.html"

    def get_list_display(self, request):
        return [*super().get_list_display(request), "state_display"]

    def get_list_filter(self, request):
        return [StateFilter, MineFilter, *super().get_list_filter(request)]

    def get_queryset(self, request):
        from .models import PendingChange

        waiting = PendingChange.objects.waiting().for_pk(self.model, OuterRef("pk"))
        return super().get_queryset(request).annotate(has_pending_change=Exists(waiting))

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.workflow_fields]

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or []), "state", "is_published"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != "is_published"]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        listed = {f for _name, options in fieldsets for f in flatten(options["fields"])}
        missing = [f for f in self.workflow_fields if f not in listed]
        if missing:
            fieldsets.append((_("Freigabe"), {"fields": missing}))
        return fieldsets

    @admin.display(description=_("Status"), ordering="state")
    def state_display(self, obj):
        label = obj.current_state_label
        moment = obj.publish_at_value
        if obj.current_state == State.SCHEDULED:
            label = _("%(state)s (ab %(moment)s)") % {
                "state": label,
                "moment": dates.moment(moment),
            }
        if getattr(obj, "has_pending_change", False):
            return _("%(state)s · Änderung zur Freigabe") % {"state": label}
        return label

    def has_publish_permission(self, request):
        return can_publish(request.user, self.model)

    def changes_live_directly(self, request):
        """Whose saved change form changes a public item at once (no second pair of eyes)."""
        return request.user.is_superuser or (
            settings.WORKFLOW_SELF_APPROVAL and self.has_publish_permission(request)
        )

    def proposes_change(self, request, obj):
        """Does saving ``obj``'s change form make (or update) its pending change?"""
        return (
            restore_view(request) != "recover"
            and obj is not None
            and obj.pk is not None
            and obj.state in PUBLIC_STATES
            and not getattr(request, "_workflow_replay", False)
            and not self.changes_live_directly(request)
        )

    def may_approve_pending(self, request, pending):
        return self.has_publish_permission(request) and (
            settings.WORKFLOW_SELF_APPROVAL or not pending.is_written_by(request.user)
        )

    def has_delete_permission(self, request, obj=None):
        public = obj is not None and obj.state in PUBLIC_STATES
        return super().has_delete_permission(request, obj) and (
            not public or self.has_publish_permission(request)
        )

    def delete_queryset(self, request, queryset):
        if (
            not self.has_publish_permission(request)
            and queryset.filter(state__in=PUBLIC_STATES).exists()
        ):
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    def pending_change(self, obj):
        from .models import PendingChange

        if obj is None or obj.pk is None:
            return None
        return PendingChange.objects.for_object(obj).select_related("author").first()

    def shown_pending_change(self, request, obj):
        """The waiting change a GET of the change form shows instead of the live content."""
        if request.method == "POST" or obj is None:
            return None
        if not hasattr(request, "_workflow_pending"):
            pending = self.pending_change(obj)
            request._workflow_pending = pending if pending and pending.is_waiting else None
        return request._workflow_pending

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        action = next((a for button, a in BUTTONS.items() if button in request.POST), None)
        pending = self.shown_pending_change(request, obj)

        class WorkflowForm(form):
            def __init__(self, data=None, files=None, *args, **kwargs):
                if pending is not None and data is None:
                    data, files = pending.query_dict(), pending.uploads()
                super().__init__(data, files, *args, **kwargs)

            def clean(self):
                cleaned = super().clean()
                if action:
                    try:
                        self.instance.check_transition(action, request.user)
                    except WorkflowError as error:
                        raise ValidationError(error.messages) from error
                if (
                    action == "approve"
                    and self.has_changed()
                    and not settings.WORKFLOW_SELF_APPROVAL
                ):
                    # Approving one's own change would leave one pair of eyes.
                    raise ValidationError(CHANGED_WHILE_APPROVING, code="self_approval")
                return cleaned

        WorkflowForm.__name__ = form.__name__
        return WorkflowForm

    def _create_formsets(self, request, obj, change):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        approving = request.method == "POST" and "_workflow_approve" in request.POST
        if approving and not settings.WORKFLOW_SELF_APPROVAL:
            for formset in formsets:
                refuse_changed_rows(formset)
        return formsets, inline_instances

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        pending = self.shown_pending_change(request, obj)
        if pending is not None:
            kwargs |= {"data": pending.query_dict(), "files": pending.uploads()}
        return kwargs

    def save_model(self, request, obj, form, change):
        from .models import PendingChange

        action = next((a for button, a in BUTTONS.items() if button in request.POST), None)
        if change and not action and self.proposes_change(request, obj):
            request._workflow_proposed, created = PendingChange.propose(obj, request)
            if created:
                submitted_for_approval.send(sender=type(obj), instance=obj, user=request.user)
            return
        if action != "approve":  # approving leaves the content as its writer left it
            obj.edited_by = request.user
        if restore_view(request) == "recover" and not self.changes_live_directly(request):
            # A deleted entry comes back as a draft: public again only with an approval.
            obj.state = State.DRAFT
        if not change:
            obj.state = State.DRAFT
            obj.is_published = False
        if action:
            obj.apply_transition(action, request.user)
        super().save_model(request, obj, form, change)
        pending = self.pending_change(obj) if change else None
        if pending and pending.is_waiting and not getattr(request, "_workflow_replay", False):
            # The form showed the pending content and is saved directly: it is used up.
            pending.discard()
        if action == "submit":
            submitted_for_approval.send(sender=type(obj), instance=obj, user=request.user)
        if action:
            self.message_user(request, DONE_ONE[action] % {"item": obj}, messages.SUCCESS)

    def save_related(self, request, form, formsets, change):
        if not hasattr(request, "_workflow_proposed"):
            super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if hasattr(request, "_workflow_proposed"):
            return []  # nothing saved: the formsets know no saved rows to name
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if hasattr(request, "_workflow_proposed"):
            message = str(_("Änderung zur Freigabe vorgeschlagen"))
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        if not hasattr(request, "_workflow_proposed"):
            return super().response_change(request, obj)
        self.message_user(
            request,
            _(
                "Ihre Änderung an „%(item)s“ wartet auf Freigabe. Die veröffentlichte Fassung "
                "bleibt unverändert, bis jemand aus der Freigabe sie freigibt."
            )
            % {"item": obj},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(request.path)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        publisher = self.has_publish_permission(request)
        allowed = []
        for action, label in ACTIONS.items():
            if obj is None and action != "submit":
                continue
            try:
                (obj or self.model()).check_transition(action, request.user)
            except WorkflowError:
                continue
            allowed.append((f"_workflow_{action}", label))
        context["workflow_buttons"] = allowed
        context["workflow_publisher"] = publisher
        pending = self.pending_change(obj)
        if pending is not None:
            context["pending_change"] = pending
            context["pending_url"] = self.pending_url(obj)
        elif self.proposes_change(request, obj):
            context["workflow_proposes"] = True
        return super().render_change_form(request, context, add, change, form_url, obj)

    # The pending change's own page: the comparison and the decision.

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/aenderung/",
                self.admin_site.admin_view(self.pending_view),
                name=f"{opts.app_label}_{opts.model_name}_pending",
            ),
            *super().get_urls(),
        ]

    def pending_url(self, obj):
        opts = self.model._meta
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_pending", args=[obj.pk]
        )

    def replay_pending(self, request, obj, pending):
        """The pending change through this admin's form and formsets, validated, nothing
        saved: ``(request, form, formsets, valid)``. The request is ``request`` with the kept
        form as its POST and the change's last writer as its user (whose form it was)."""
        replay = copy.copy(request)
        replay.method = "POST"
        replay.POST, replay._files = pending.query_dict(), pending.uploads()
        writer = pending.edited_by or pending.author
        if writer is not None and writer.is_active:
            replay.user = writer
        replay._workflow_replay = True
        fieldsets = self.get_fieldsets(replay, obj)
        model_form = self.get_form(replay, obj, change=True, fields=flatten_fieldsets(fieldsets))
        form = model_form(replay.POST, replay.FILES, instance=obj)
        valid = form.is_valid()
        new_object = self.save_form(replay, form, change=True) if valid else form.instance
        formsets, _inlines = self._create_formsets(replay, new_object, change=True)
        return replay, form, formsets, all_valid(formsets) and valid

    def apply_pending(self, request, obj, pending):
        """Approve: the pending change becomes the live content, recorded as one version.
        Raises WorkflowError (nothing changed) when the kept form no longer fits the item."""
        # Every workflow admin so far is a VersionedAdmin; without versions it still applies.
        recording = getattr(self, "create_revision", None)
        with transaction.atomic(), recording(request) if recording else nullcontext():
            replay, form, formsets, valid = self.replay_pending(request, obj, pending)
            if not valid:
                raise WorkflowError(STALE_MESSAGE, code="stale")
            obj = form.instance
            obj.approved_by, obj.approved_at = request.user, timezone.now()
            self.save_model(replay, obj, form, True)
            self.save_related(replay, form, formsets, True)
            self.log_change(request, obj, self.construct_change_message(replay, form, formsets))
            if reversion.is_active():
                reversion.set_comment(
                    gettext("Änderung von %(author)s, freigegeben von %(approver)s")
                    % {"author": user_name(replay.user), "approver": user_name(request.user)}
                )
            pending.discard()
        return obj

    def preview_pending(self, request, obj, pending):
        """Save the pending change for a preview; the caller rolls the transaction back.
        Files point at where they wait, so that nothing is stored for the preview."""
        replay, form, formsets, valid = self.replay_pending(request, obj, pending)
        if not valid:
            return False
        for one in [form, *(f for formset in formsets for f in formset.forms)]:
            for name, value in getattr(one, "cleaned_data", {}).items():
                if hasattr(value, "stored_name"):
                    one.cleaned_data[name] = value.stored_name
                    setattr(one.instance, name, value.stored_name)
        self.save_model(replay, form.instance, form, True)
        self.save_related(replay, form, formsets, True)
        return True

    def pending_view(self, request, object_id):
        from .changes import compare

        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        pending = self.pending_change(obj)
        change_url = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[obj.pk],
        )
        if pending is None:
            self.message_user(
                request, _("Zu diesem Eintrag gibt es keine Änderung zur Freigabe."), messages.INFO
            )
            return HttpResponseRedirect(change_url)
        if request.method == "POST":
            return self.decide_pending(request, obj, pending, change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Änderung zur Freigabe: %(item)s") % {"item": obj},
            "opts": self.opts,
            "original": obj,
            "pending": pending,
            "change_url": change_url,
            "may_approve": pending.is_waiting and self.may_approve_pending(request, pending),
            "may_reject": pending.is_waiting and self.has_publish_permission(request),
            "may_discard": pending.is_written_by(request.user) or request.user.is_superuser,
        }
        if pending.is_waiting:
            _replay, form, formsets, valid = self.replay_pending(request, obj, pending)
            context |= {
                "comparison": compare(form, formsets),
                "valid": valid,
                "errors": helpers.AdminErrorList(form, formsets),
                "preview_url": self.get_view_on_site_url(obj),
            }
        return TemplateResponse(request, self.pending_template, context)

    def decide_pending(self, request, obj, pending, change_url):
        decision = request.POST.get("decision")
        if decision == "approve" and pending.is_waiting:
            if not self.has_publish_permission(request):
                raise PermissionDenied
            if not self.may_approve_pending(request, pending):
                self.message_user(request, SELF_APPROVAL_MESSAGE, messages.ERROR)
                return HttpResponseRedirect(request.path)
            try:
                self.apply_pending(request, obj, pending)
            except WorkflowError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return HttpResponseRedirect(request.path)
            self.message_user(
                request,
                _("Die Änderung an „%(item)s“ ist freigegeben und veröffentlicht.")
                % {"item": obj},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(change_url)
        if decision == "reject" and pending.is_waiting:
            if not self.has_publish_permission(request):
                raise PermissionDenied
            pending.reject(request.user, request.POST.get("reason", "")[:2000].strip())
            self.log_change(request, obj, str(_("Änderung zur Freigabe abgelehnt")))
            self.message_user(
                request,
                _("Die Änderung an „%(item)s“ ist abgelehnt; die veröffentlichte Fassung bleibt.")
                % {"item": obj},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(change_url)
        if decision == "discard":
            if not (pending.is_written_by(request.user) or request.user.is_superuser):
                raise PermissionDenied
            pending.discard()
            self.message_user(
                request,
                _("Die Änderung an „%(item)s“ ist verworfen.") % {"item": obj},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(change_url)
        self.message_user(request, _("Unbekannter Schritt."), messages.ERROR)
        return HttpResponseRedirect(request.path)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Restoring reverts the live rows before the form is saved: for a public item that
        # would change the live page without approval.
        obj = self.get_object(request, unquote(object_id))
        if (
            request.method == "POST"
            and self.has_change_permission(request, obj)
            and self.proposes_change(request, obj)
        ):
            self.message_user(
                request,
                _(
                    "Eine frühere Fassung eines veröffentlichten Eintrags stellt die Freigabe "
                    "wieder her. Sie können die Änderung im Formular des Eintrags vorschlagen."
                ),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)
        return super().revision_view(request, object_id, version_id, extra_context)

    def _transition_all(self, request, queryset, action):
        if action != "submit" and not self.has_publish_permission(request):
            raise PermissionDenied
        done, refused = 0, []
        for obj in queryset:
            try:
                if action == "submit":
                    obj.edited_by = request.user
                obj.transition(action, request.user)
            except WorkflowError as error:
                refused.append(f"{obj}: {' '.join(error.messages)}")
            else:
                self.log_change(request, obj, str(ACTIONS[action]))
                done += 1
        if done:
            self.message_user(request, DONE[action] % {"count": done}, messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    @admin.action(description=ACTIONS["submit"])
    def submit_for_approval(self, request, queryset):
        self._transition_all(request, queryset, "submit")

    @admin.action(description=_("Freigeben und veröffentlichen"), permissions=["publish"])
    def approve(self, request, queryset):
        self._transition_all(request, queryset, "approve")

    @admin.action(description=_("Ablehnen (zurück an die Redaktion)"), permissions=["publish"])
    def reject(self, request, queryset):
        self._transition_all(request, queryset, "reject")

    @admin.action(description=_("Zurückziehen (nicht mehr öffentlich)"), permissions=["publish"])
    def withdraw(self, request, queryset):
        self._transition_all(request, queryset, "withdraw")

    workflow_actions = ["submit_for_approval", "approve", "reject", "withdraw"]


def flatten(fields):
    for field in fields:
        if isinstance(field, (list, tuple)):
            yield from field
        else:
            yield field


def keep_public_flag_in_line(sender, instance, **kwargs):
    """Also for fixtures (loaddata saves raw, without the model's ``save``)."""
    if isinstance(instance, Workflow):
        instance.sync_public_flag()


pre_save.connect(keep_public_flag_in_line, dispatch_uid="workflow_public_flag")
