"""Files leave the disk with the rows they belong to (admin delete, purge, cascade)."""

from django.db import transaction
from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver

from .models import Document, PartnerRequest


def _delete_file_after_commit(field_file):
    if not field_file:
        return
    storage, name = field_file.storage, field_file.name
    # robust: the row is gone already; an unreachable object store is logged, and
    # purge_submissions removes the leftover file later.
    transaction.on_commit(lambda: storage.delete(name), robust=True)


@receiver(post_delete, sender=PartnerRequest, dispatch_uid="contact.request_attachment")
def delete_request_attachment(sender, instance, **kwargs):
    _delete_file_after_commit(instance.attachment)


@receiver(post_delete, sender=Document, dispatch_uid="contact.document_file")
def delete_document_file(sender, instance, **kwargs):
    _delete_file_after_commit(instance.file)


@receiver(pre_save, sender=Document, dispatch_uid="contact.document_replaced")
def delete_replaced_document_file(sender, instance, **kwargs):
    if not instance.pk:
        return
    old = Document.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
    if old and old != instance.file.name:
        storage = instance.file.storage
        transaction.on_commit(lambda: storage.delete(old))
