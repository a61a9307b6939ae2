"""A partner belongs to one or more categories: a joint signing of two organisations of
different kinds (a city and its police) counts under each. Every partner keeps the category
it had; going back keeps the first of its categories."""

from django.db import migrations, models


def category_into_categories(apps, schema_editor):
    Partner = apps.get_model("partners", "Partner")
    Through = Partner.categories.through
    Through.objects.bulk_create(
        [
            Through(partner_id=partner_id, category_id=category_id)
            for partner_id, category_id in Partner.objects.values_list("pk", "category_id")
        ]
    )


def first_category_back(apps, schema_editor):
    Partner = apps.get_model("partners", "Partner")
    for partner in Partner.objects.all():
        first = partner.categories.order_by("order", "name").first()
        if first is None:
            raise RuntimeError(
                f"Partner {partner.pk} has no category; going back needs one for each partner."
            )
        partner.category = first
        partner.save(update_fields=["category"])


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0006_photo_image_checked_and_cleaned"),
    ]

    operations = [
        # Nullable while both exist (and on the way back, until it is filled again).
        migrations.AlterField(
            model_name="partner",
            name="category",
            field=models.ForeignKey(
                null=True,
                on_delete=models.PROTECT,
                related_name="+",
                to="partners.category",
                verbose_name="Kategorie",
            ),
        ),
        migrations.AddField(
            model_name="partner",
            name="categories",
            field=models.ManyToManyField(
                help_text=(
                    "Bei einer gemeinsamen Unterzeichnung mehrerer Organisationen verschiedener "
                    "Art (etwa Stadt und Polizei) jede zutreffende Kategorie."
                ),
                related_name="partners",
                to="partners.category",
                verbose_name="Kategorien",
            ),
        ),
        migrations.RunPython(category_into_categories, first_category_back),
        migrations.RemoveField(model_name="partner", name="category"),
    ]
