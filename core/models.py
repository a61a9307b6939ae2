"""The one model core keeps: a change to a public item that waits for approval.

Saving the change form of a published or scheduled item (partner, press item, page, …) by
someone who may not change live content directly keeps the submitted form here instead of
changing the live rows. On approval the admin replays it through its own form and formsets
(core.workflow.WorkflowAdminMixin), so that validation, inlines, files and versions take
the ordinary path. Uploaded files wait in the default storage under ``PENDING_PREFIX``.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from .images import delete_renditions
from .workflow import user_field

PENDING_PREFIX = "pending"
# Parts of a submitted change form that are not content: the form's token and its buttons.
NOT_CONTENT = ("csrfmiddlewaretoken", "_save", "_continue", "_addanother", "_saveasnew")


def content_type_of(model):
    return ContentType.objects.get_for_model(model, for_concrete_model=False)


class PendingUpload(SimpleUploadedFile):
    """A file of a pending change, read back from the storage as if it were uploaded again;
    ``stored_name`` is where it waits."""

    def __init__(self, stored_name, name, content_type):
        with default_storage.open(stored_name) as stored:
            super().__init__(name, stored.read(), content_type)
        self.stored_name = stored_name


class PendingChangeQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.for_pk(type(obj), obj.pk)

    def for_pk(self, model, pk):
        return self.filter(content_type=content_type_of(model), object_id=pk)

    def waiting(self):
        return self.filter(status=PendingChange.Status.WAITING)

    def written_by(self, user):
        return self.filter(Q(author=user) | Q(edited_by=user))

    def awaiting_approval_by(self, user, models):
        """Waiting changes to items of ``models`` that ``user`` may approve: with
        self-approval off, not those they wrote."""
        waiting = self.waiting().filter(content_type__in=[content_type_of(m) for m in models])
        if not settings.WORKFLOW_SELF_APPROVAL:
            waiting = waiting.exclude(Q(author=user) | Q(edited_by=user))
        return waiting


class PendingChange(models.Model):
    """The submitted change form of one public item, not yet live (one per item)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("wartet auf Freigabe")
        REJECTED = "rejected", _("abgelehnt")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("Inhaltstyp")
    )
    object_id = models.PositiveBigIntegerField(_("Objekt-ID"))
    content_object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("Eintrag"), max_length=300)
    status = models.CharField(
        _("Stand"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    # The form's fields as lists of values (QueryDict.lists()), and the uploaded files:
    # form field name -> {"stored": storage name, "name": file name, "content_type": type}.
    data = models.JSONField(_("Formulardaten"), default=dict, blank=True)
    files = models.JSONField(_("Dateien"), default=dict, blank=True)
    author = user_field(_("vorgeschlagen von"))
    edited_by = user_field(_("zuletzt bearbeitet von"))
    created_at = models.DateTimeField(_("vorgeschlagen am"), default=timezone.now)
    updated_at = models.DateTimeField(_("zuletzt bearbeitet am"), default=timezone.now)
    rejected_by = user_field(_("abgelehnt von"))
    rejected_at = models.DateTimeField(_("abgelehnt am"), null=True, blank=True)
    reason = models.TextField(_("Begründung der Ablehnung"), blank=True)

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Änderung zur Freigabe")
        verbose_name_plural = _("Änderungen zur Freigabe")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_pending_change_per_item"
            )
        ]

    def __str__(self):
        return self.object_repr

    @property
    def is_waiting(self):
        return self.status == self.Status.WAITING

    def is_written_by(self, user):
        return user.pk is not None and user.pk in (self.author_id, self.edited_by_id)

    @classmethod
    def propose(cls, obj, request):
        """Keep ``request``'s change form for ``obj`` as its pending change (a new one, or
        the waiting one updated: files not uploaded again stay as they were). Returns it and
        whether it is new (and so the approvers are to be told)."""
        pending = cls.objects.for_object(obj).first()
        created = pending is None or not pending.is_waiting
        if created:
            if pending is not None:
                pending.delete()
            pending = cls(content_type=content_type_of(type(obj)), object_id=obj.pk)
            pending.author = request.user
        data = {k: v for k, v in request.POST.lists() if k not in NOT_CONTENT}
        data = {k: v for k, v in data.items() if not k.startswith("_workflow_")}
        kept = {
            k: stored
            for k, stored in pending.files.items()
            if k not in request.FILES and f"{k}-clear" not in data
        }
        replaced = [stored for k, stored in pending.files.items() if k not in kept]
        pending.files = kept | {key: store_upload(upload) for key, upload in request.FILES.items()}
        pending.data = data
        # Named as the live item is (``obj`` carries the submitted values already).
        pending.object_repr = str(type(obj)._default_manager.get(pk=obj.pk))[:300]
        pending.edited_by = request.user
        pending.updated_at = timezone.now()
        pending.save()
        delete_stored_files_on_commit(replaced)
        return pending, created

    def query_dict(self):
        data = QueryDict(mutable=True)
        for key, values in self.data.items():
            data.setlist(key, values)
        return data

    def uploads(self):
        return MultiValueDict(
            {
                key: [PendingUpload(f["stored"], f["name"], f["content_type"])]
                for key, f in self.files.items()
                if default_storage.exists(f["stored"])
            }
        )

    def reject(self, user, reason):
        """Discard the content and keep the reason for the authors to read."""
        delete_stored_files_on_commit(self.files.values())
        self.status, self.reason, self.data, self.files = self.Status.REJECTED, reason, {}, {}
        self.rejected_by, self.rejected_at = user, timezone.now()
        self.save()

    def discard(self):
        delete_stored_files_on_commit(self.files.values())
        self.delete()


def store_upload(upload):
    """Where an uploaded file waits: a random name under PENDING_PREFIX, without a suffix
    (so never served as anything but a download or an image); the upload rules name it when
    the approval stores it for good."""
    upload.seek(0)
    stored = default_storage.save(f"{PENDING_PREFIX}/{uuid.uuid4().hex}", upload)
    return {
        "stored": stored,
        "name": PurePath(upload.name).name,
        "content_type": upload.content_type or "application/octet-stream",
    }


def delete_stored_files_on_commit(files):
    names = [f["stored"] for f in files]

    def delete():
        for name in names:
            default_storage.delete(name)
            # A preview of an image makes its renditions beside it.
            delete_renditions(default_storage, name)

    if names:
        transaction.on_commit(delete)
