"""A measure's description becomes rich text: the plain text written so far (a paragraph
per blank line, a line break per single newline) becomes the same paragraphs in HTML,
every character kept as text. The partners' proposals go through the same conversion
(core.text.html_from_text) when they are sent."""

from django.db import migrations, models

from core.richtext import rewrite
from core.text import html_from_text, plain_text


def text_to_html(apps, schema_editor):
    rewrite(apps.get_model("measures", "Measure"), ["description"], html_from_text)


def html_to_text(apps, schema_editor):
    rewrite(apps.get_model("measures", "Measure"), ["description"], plain_text)


class Migration(migrations.Migration):

    dependencies = [
        ('measures', '0005_reporting_link_revoked_at_and_call'),
    ]

    operations = [
        migrations.AlterField(
            model_name='measure',
            name='description',
            field=models.TextField(help_text='Was die Maßnahme tut, für wen und mit welchem Ziel.', verbose_name='Beschreibung'),
        ),
        migrations.RunPython(text_to_html, html_to_text),
    ]
