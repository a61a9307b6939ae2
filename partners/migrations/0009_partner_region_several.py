"""A partner active in several Regierungsbezirke is no longer assigned to one of them."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0008_partner_list_order"),
    ]

    operations = [
        migrations.AlterField(
            model_name="partner",
            name="region",
            field=models.CharField(
                blank=True,
                choices=[
                    ("arnsberg", "Arnsberg"),
                    ("detmold", "Detmold"),
                    ("duesseldorf", "Düsseldorf"),
                    ("koeln", "Köln"),
                    ("muenster", "Münster"),
                    ("mehrere", "mehrere Regierungsbezirke"),
                    ("landesweit", "landesweit"),
                ],
                help_text=(
                    "Ein Regierungsbezirk nur, wenn der Partner allein dort tätig ist; sonst "
                    "„mehrere Regierungsbezirke“ oder „landesweit“; leer, wenn die Quelle es "
                    "nicht belegt."
                ),
                max_length=20,
                verbose_name="Regierungsbezirk",
            ),
        ),
    ]
