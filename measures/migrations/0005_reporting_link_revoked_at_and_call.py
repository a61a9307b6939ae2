import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def revoked_flags_to_times(apps, schema_editor):
    """A revoked link stays revoked; when it was is unknown, so it counts from now."""
    ReportingLink = apps.get_model("measures", "ReportingLink")
    ReportingLink.objects.filter(revoked=True).update(revoked_at=timezone.now())


def revoked_times_to_flags(apps, schema_editor):
    ReportingLink = apps.get_model("measures", "ReportingLink")
    ReportingLink.objects.exclude(revoked_at=None).update(revoked=True)


class Migration(migrations.Migration):
    dependencies = [("measures", "0004_state_from_is_published")]

    operations = [
        migrations.AddField(
            model_name="reportinglink",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="widerrufen am"),
        ),
        migrations.RunPython(revoked_flags_to_times, revoked_times_to_flags),
        migrations.RemoveField(model_name="reportinglink", name="revoked"),
        migrations.AddField(
            model_name="reportinglink",
            name="call",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="links",
                to="measures.reportingcall",
                verbose_name="Berichtsaufruf",
            ),
        ),
    ]
