from django.apps import apps
from django.core.management.base import BaseCommand

from core.images import RenditionsMixin


class Command(BaseCommand):
    help = (
        "Make the WebP/JPEG renditions of partner photos and press images that lack them "
        "(e.g. after loaddata, which skips save()); --force makes all of them anew (e.g. "
        "after changing PHOTO_RENDITION_WIDTHS)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Alle Varianten neu erzeugen.")

    def handle(self, *args, force=False, **options):
        made = 0
        for model in apps.get_models():
            if not issubclass(model, RenditionsMixin):
                continue
            with_image = model.objects.exclude(**{model.rendition_field: ""})
            for item in with_image.iterator(chunk_size=100):
                made += item.update_renditions(force=force)
        self.stdout.write(f"Bildvarianten erzeugt für {made} Bild(er).")
