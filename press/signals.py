from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Letterhead


@receiver([post_save, post_delete], sender=Letterhead, dispatch_uid="press_letterhead_cache")
def forget_cached_letterhead(sender, **kwargs):
    Letterhead.forget()
