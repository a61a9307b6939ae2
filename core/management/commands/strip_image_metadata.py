from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from PIL import Image

from core.images import RenditionsMixin
from core.uploads import ImageFileField, has_metadata, without_metadata


class Command(BaseCommand):
    help = (
        "Remove the metadata (EXIF with GPS position, camera and owner; XMP; comments) from "
        "images stored before uploads were cleaned, turning them upright; their renditions "
        "are made anew. Images without metadata are left as they are."
    )

    def handle(self, *args, **options):
        cleaned = 0
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, ImageFileField):
                    cleaned += self.clean_field(model, field)
        self.stdout.write(f"Metadaten entfernt aus {cleaned} Bild(ern).")

    def clean_field(self, model, field):
        cleaned = 0
        for item in model.objects.exclude(**{field.name: ""}).iterator(chunk_size=100):
            stored = getattr(item, field.name)
            try:
                with stored.open("rb") as handle, Image.open(handle) as image:
                    if not has_metadata(image):
                        continue
                    handle.seek(0)
                    content = without_metadata(handle)
            except (OSError, Image.DecompressionBombError):
                self.stderr.write(f"Nicht lesbar, übersprungen: {stored.name}")
                continue
            # The same name: pages and feeds that link the file keep working.
            stored.storage.delete(stored.name)
            name = stored.storage.save(stored.name, ContentFile(content))
            setattr(item, field.name, name)  # ImageField reads the new width and height
            changed = [field.name, field.width_field, field.height_field]
            model.objects.filter(pk=item.pk).update(
                **{attname: getattr(item, attname) for attname in changed if attname}
            )
            if isinstance(item, RenditionsMixin):
                item.update_renditions(force=True)
            cleaned += 1
        return cleaned
