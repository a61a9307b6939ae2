"""The ministry's list order without invented dates: an undated partner is ordered by the
date it is listed as of ("eingeordnet nach"), partners of the same date by an editorial
number. The database keeps the date the list is ordered by, and the directory's and the
feed's indexes follow the new order."""

import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0007_partner_categories_many_to_many"),
    ]

    operations = [
        migrations.AddField(
            model_name="partner",
            name="listed_as_of",
            field=models.DateField(
                blank=True,
                help_text=(
                    "Nur bei Partnern ohne Unterzeichnungsdatum und nur für die Reihenfolge: "
                    "das Datum des Nachbarn, unter dem oder über dem das Ministerium den "
                    "Partner aufführt. Es wird nie als Datum der Unterzeichnung angezeigt."
                ),
                null=True,
                verbose_name="Eingeordnet nach",
            ),
        ),
        migrations.AddField(
            model_name="partner",
            name="list_order",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text=(
                    "Partner mit demselben Datum (oder „eingeordnet nach“ demselben Datum) "
                    "stehen nach dieser Zahl, die kleinste zuerst; bei gleicher Zahl nach dem "
                    "Namen."
                ),
                verbose_name="Reihenfolge bei gleichem Datum",
            ),
        ),
        migrations.AddField(
            model_name="partner",
            name="sort_date",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.comparison.Coalesce(
                    "signed_on", "listed_as_of"
                ),
                output_field=models.DateField(),
                verbose_name="Datum für die Reihenfolge",
            ),
        ),
        migrations.AlterModelOptions(
            name="partner",
            options={
                "ordering": [
                    models.OrderBy(models.F("sort_date"), descending=True, nulls_last=True),
                    "list_order",
                    "name",
                ],
                "verbose_name": "Partner",
                "verbose_name_plural": "Partner",
            },
        ),
        migrations.RemoveIndex(model_name="partner", name="partner_newest_first"),
        migrations.RemoveIndex(model_name="partner", name="partner_feed_order"),
        migrations.AddIndex(
            model_name="partner",
            index=models.Index(
                fields=["-sort_date", "list_order", "name", "id"], name="partner_list_order"
            ),
        ),
        migrations.AddIndex(
            model_name="partner",
            index=models.Index(
                fields=["-created_at", "-sort_date", "list_order", "name", "id"],
                name="partner_feed_list_order",
            ),
        ),
    ]
