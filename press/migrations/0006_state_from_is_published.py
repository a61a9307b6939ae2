"""Every row keeps its visibility: published rows become "Veröffentlicht" (or "Geplant"
while their publish-at moment is ahead), the others "Entwurf"."""

from django.db import migrations
from django.utils import timezone


def state_from_is_published(apps, schema_editor):
    now = timezone.now()
    items = apps.get_model("press", "PressItem").objects
    items.filter(is_published=True, publish_at__gt=now).update(state="scheduled")
    items.filter(is_published=True).exclude(publish_at__gt=now).update(state="published")
    items.filter(is_published=False).update(state="draft")


class Migration(migrations.Migration):
    dependencies = [("press", "0005_workflow_state_and_approvers")]

    operations = [migrations.RunPython(state_from_is_published, migrations.RunPython.noop)]
