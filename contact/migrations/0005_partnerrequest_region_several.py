"""Requests may name "mehrere Regierungsbezirke", as partners may."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contact", "0004_pdf_files_checked_by_content"),
    ]

    operations = [
        migrations.AlterField(
            model_name="partnerrequest",
            name="region",
            field=models.CharField(
                choices=[
                    ("arnsberg", "Arnsberg"),
                    ("detmold", "Detmold"),
                    ("duesseldorf", "Düsseldorf"),
                    ("koeln", "Köln"),
                    ("muenster", "Münster"),
                    ("mehrere", "mehrere Regierungsbezirke"),
                    ("landesweit", "landesweit"),
                ],
                max_length=20,
                verbose_name="Regierungsbezirk",
            ),
        ),
    ]
