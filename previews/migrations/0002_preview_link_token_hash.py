from django.core import signing
from django.db import migrations, models

from core.tokens import digest

# The token of a link made before: its id, signed under this salt.
EARLIER_TOKEN_SALT = "previews.PreviewLink"


def store_token_hashes(apps, schema_editor):
    """Each existing link keeps its address: the hash of its earlier token is stored."""
    PreviewLink = apps.get_model("previews", "PreviewLink")
    signer = signing.Signer(salt=EARLIER_TOKEN_SALT)
    for link in PreviewLink.objects.only("pk").iterator():
        token_hash = digest(signer.sign(str(link.pk)))
        PreviewLink.objects.filter(pk=link.pk).update(token_hash=token_hash)


class Migration(migrations.Migration):
    dependencies = [("previews", "0001_preview_link")]

    operations = [
        migrations.AddField(
            model_name="previewlink",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(store_token_hashes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="previewlink",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
