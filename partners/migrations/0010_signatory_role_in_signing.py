"""Who signed and who was present: a person the source only quotes at the signing, or names
as present, is no longer listed as a signatory. Existing rows stay signatories."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0009_partner_region_several"),
    ]

    operations = [
        migrations.AddField(
            model_name="signatory",
            name="role_in_signing",
            field=models.CharField(
                choices=[
                    ("signed", "hat unterzeichnet"),
                    ("present", "war anwesend (Unterschrift nicht belegt)"),
                ],
                default="signed",
                help_text=(
                    "„hat unterzeichnet“ nur, wenn die Quelle es sagt; wer nur „anlässlich der "
                    "Unterzeichnung“ sprach oder dabei war, ist „anwesend“."
                ),
                max_length=10,
                verbose_name="Rolle bei der Unterzeichnung",
            ),
        ),
        migrations.AlterModelOptions(
            name="signatory",
            options={
                "ordering": ["order", "pk"],
                "verbose_name": "Person bei der Unterzeichnung",
                "verbose_name_plural": "Personen bei der Unterzeichnung",
            },
        ),
    ]
