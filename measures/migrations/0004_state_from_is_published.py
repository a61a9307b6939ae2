"""Every row keeps its visibility under the workflow: published measures become
"Veröffentlicht"; one that was public once and taken down "Zurückgezogen"; a partner's
proposal never published yet "Zur Freigabe" (it waits for the office); every other one
"Entwurf"."""

from django.db import migrations
from django.db.models import F


def state_from_is_published(apps, schema_editor):
    rows = apps.get_model("measures", "Measure").objects
    rows.filter(is_published=True).update(state="published")
    rows.filter(is_published=False).exclude(published_at=None).update(state="withdrawn")
    never_public = rows.filter(is_published=False, published_at=None)
    never_public.exclude(proposed_via=None).update(state="review", submitted_at=F("created_at"))
    never_public.filter(proposed_via=None).update(state="draft")


class Migration(migrations.Migration):
    dependencies = [("measures", "0003_workflow_state_and_approvers")]

    operations = [migrations.RunPython(state_from_is_published, migrations.RunPython.noop)]
