from django.db import migrations

FIELDS_OF_ACTION = [
    ("Personalgewinnung", "personalgewinnung"),
    ("Ausbildung", "ausbildung"),
    ("Fortbildung und interkulturelle Kompetenz", "fortbildung"),
    ("Führung und Organisation", "fuehrung-und-organisation"),
    ("Service und Mehrsprachigkeit", "service-und-mehrsprachigkeit"),
    ("Öffentlichkeitsarbeit", "oeffentlichkeitsarbeit"),
    ("Vernetzung", "vernetzung"),
]


def create(apps, schema_editor):
    FieldOfAction = apps.get_model("measures", "FieldOfAction")
    for order, (name, slug) in enumerate(FIELDS_OF_ACTION, start=1):
        FieldOfAction.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_measures")]

    # Backwards keeps the rows: staff may have sorted measures under them.
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
