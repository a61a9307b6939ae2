"""Summary and commitment become rich text: the plain text typed so far (a paragraph per
blank line, a line break per single newline) becomes the same paragraphs in HTML."""

from django.db import migrations, models

from core.richtext import rewrite
from core.text import html_from_text, plain_text

FIELDS = ["summary", "commitment"]


def text_to_html(apps, schema_editor):
    rewrite(apps.get_model("partners", "Partner"), FIELDS, html_from_text)


def html_to_text(apps, schema_editor):
    rewrite(apps.get_model("partners", "Partner"), FIELDS, plain_text)


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0010_signatory_role_in_signing'),
    ]

    operations = [
        migrations.AlterField(
            model_name='partner',
            name='commitment',
            field=models.TextField(blank=True, help_text='Die zugesagten Maßnahmen in Worten.', verbose_name='Selbstverpflichtung'),
        ),
        migrations.AlterField(
            model_name='partner',
            name='summary',
            field=models.TextField(blank=True, help_text='Was bei der Unterzeichnung geschah.', verbose_name='Bericht zur Unterzeichnung'),
        ),
        migrations.RunPython(text_to_html, html_to_text),
    ]
