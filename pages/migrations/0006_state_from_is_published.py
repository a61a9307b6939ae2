"""Every row keeps its visibility: published rows become "Veröffentlicht", the others "Entwurf"."""

from django.db import migrations


def state_from_is_published(apps, schema_editor):
    rows = apps.get_model("pages", "Page").objects
    rows.filter(is_published=True).update(state="published")
    rows.filter(is_published=False).update(state="draft")


class Migration(migrations.Migration):
    dependencies = [("pages", "0005_workflow_state_and_approvers")]

    operations = [migrations.RunPython(state_from_is_published, migrations.RunPython.noop)]
