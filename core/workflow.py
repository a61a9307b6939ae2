"""The four-eyes workflow every publishable model shares (partners, press items, pages).

States: Entwurf → Zur Freigabe → Veröffentlicht (or Geplant, with a publish-at moment still
ahead) → Zurückgezogen. Redaktion writes and submits; only someone with the model's
``publish_<model>`` permission (the "Freigabe" group, or a superuser) approves, rejects or
withdraws. Whether someone may approve their own submission is the setting
``WORKFLOW_SELF_APPROVAL``.

``is_published`` stays the public flag the public QuerySets filter on; only the transitions
here change it (and the model's ``save`` keeps it in line with the state).
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_save
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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


class WorkflowQuerySet(models.QuerySet):
    def in_state(self, *states):
        return self.filter(state__in=states)

    def awaiting_approval_by(self, user):
        """Submitted items ``user`` may approve (not their own unless self-approval is on)."""
        waiting = self.filter(state=State.REVIEW)
        if not settings.WORKFLOW_SELF_APPROVAL:
            waiting = waiting.exclude(submitted_by=user)
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
    "submit": ("%d Eintrag zur Freigabe eingereicht.", "%d Einträge zur Freigabe eingereicht."),
    "approve": ("%d Eintrag freigegeben.", "%d Einträge freigegeben."),
    "reject": ("%d Eintrag an die Redaktion zurückgegeben.", "%d Einträge zurückgegeben."),
    "withdraw": ("%d Eintrag zurückgezogen.", "%d Einträge zurückgezogen."),
}
DONE_ONE = {
    "submit": _("„%(item)s“ ist zur Freigabe eingereicht."),
    "approve": _("„%(item)s“ ist freigegeben."),
    "reject": _("„%(item)s“ ist an die Redaktion zurückgegeben."),
    "withdraw": _("„%(item)s“ ist zurückgezogen."),
}
# The change form's buttons: name of the submit button -> transition.
BUTTONS = {f"_workflow_{action}": action for action in ACTIONS}


class StateFilter(admin.SimpleListFilter):
    title = _("Status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        schedulable = getattr(model_admin.model, "publish_at_field", None)
        return [(v, label) for v, label in State.choices if schedulable or v != State.SCHEDULED]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
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
    transitions (buttons, actions) check the permission themselves; a published item cannot
    be changed or deleted by someone who may not publish (the live page changes only with an
    approval).
    """

    workflow_fields = [
        "state_display",
        "submitted_by",
        "submitted_at",
        "approved_by",
        "approved_at",
    ]
    change_form_template = "admin/workflow/change_form.html"

    def get_list_display(self, request):
        return [*super().get_list_display(request), "state_display"]

    def get_list_filter(self, request):
        return [StateFilter, MineFilter, *super().get_list_filter(request)]

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
            return _("%(state)s (ab %(moment)s)") % {
                "state": label,
                "moment": timezone.localtime(moment).strftime("%d.%m.%Y %H:%M"),
            }
        return label

    def has_publish_permission(self, request):
        return can_publish(request.user, self.model)

    def is_locked_for(self, request, obj):
        """A public item is changed only by someone who may publish."""
        return (
            obj is not None
            and obj.state in PUBLIC_STATES
            and not self.has_publish_permission(request)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self.is_locked_for(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self.is_locked_for(request, obj)

    def delete_queryset(self, request, queryset):
        if (
            not self.has_publish_permission(request)
            and queryset.filter(state__in=PUBLIC_STATES).exists()
        ):
            raise PermissionDenied
        super().delete_queryset(request, queryset)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        action = next((a for button, a in BUTTONS.items() if button in request.POST), None)

        class WorkflowForm(form):
            def clean(self):
                cleaned = super().clean()
                if action:
                    try:
                        self.instance.check_transition(action, request.user)
                    except WorkflowError as error:
                        raise ValidationError(error.messages) from error
                return cleaned

        WorkflowForm.__name__ = form.__name__
        return WorkflowForm

    def save_model(self, request, obj, form, change):
        obj.edited_by = request.user
        if not change:
            obj.state = State.DRAFT
            obj.is_published = False
        action = next((a for button, a in BUTTONS.items() if button in request.POST), None)
        if action:
            obj.apply_transition(action, request.user)
        super().save_model(request, obj, form, change)
        if action == "submit":
            submitted_for_approval.send(sender=type(obj), instance=obj, user=request.user)
        if action:
            self.message_user(request, DONE_ONE[action] % {"item": obj}, messages.SUCCESS)

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
        if self.is_locked_for(request, obj):
            context["workflow_locked"] = _(
                "Dieser Eintrag ist veröffentlicht. Änderungen an der öffentlichen Fassung "
                "nimmt die Freigabe vor: Bitten Sie sie, den Eintrag zurückzuziehen; danach "
                "können Sie ihn bearbeiten und erneut einreichen."
            )
        context["workflow_publisher"] = publisher
        return super().render_change_form(request, context, add, change, form_url, obj)

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
            self.message_user(request, ngettext(*DONE[action], done) % done, messages.SUCCESS)
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
