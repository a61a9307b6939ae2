"""Page content is edited in the rich-text editor: it is HTML already and stays as it is,
reduced to what the editor can write (core.richtext.BODY; the seed pages use nothing
else). Tables, definition lists and abbreviations lose their tags, never their words."""

from django.db import migrations, models

from core.richtext import BODY, rewrite


def clean_content(apps, schema_editor):
    rewrite(apps.get_model("pages", "Page"), ["content"], BODY.clean)


class Migration(migrations.Migration):

    dependencies = [
        ('pages', '0002_page_slug_help_text'),
    ]

    operations = [
        migrations.AlterField(
            model_name='page',
            name='content',
            field=models.TextField(help_text='Platzhalter wie [[speicherdauer_tage]] werden aus den Einstellungen gefüllt.', verbose_name='Inhalt'),
        ),
        migrations.RunPython(clean_content, migrations.RunPython.noop),
    ]
