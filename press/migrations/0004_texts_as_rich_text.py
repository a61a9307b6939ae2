"""Press texts become rich text: the plain text typed so far (a paragraph per blank line, a
line break per single newline) becomes the same paragraphs in HTML."""

from django.db import migrations, models

from core.richtext import rewrite
from core.text import html_from_text, plain_text

FIELDS = [("PressItem", "body"), ("PressRelease", "teaser"), ("EventNotice", "programme")]


def text_to_html(apps, schema_editor):
    for model_name, field in FIELDS:
        rewrite(apps.get_model("press", model_name), [field], html_from_text)


def html_to_text(apps, schema_editor):
    for model_name, field in FIELDS:
        rewrite(apps.get_model("press", model_name), [field], plain_text)


class Migration(migrations.Migration):

    dependencies = [
        ('press', '0003_press_image_renditions_and_checked_files'),
    ]

    operations = [
        migrations.AlterField(
            model_name='eventnotice',
            name='programme',
            field=models.TextField(blank=True, help_text='Ablauf, Redebeiträge.', verbose_name='Programmhinweis'),
        ),
        migrations.AlterField(
            model_name='pressitem',
            name='body',
            field=models.TextField(verbose_name='Text'),
        ),
        migrations.RunPython(text_to_html, html_to_text),
    ]
