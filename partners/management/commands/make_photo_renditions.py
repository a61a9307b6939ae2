from django.core.management.base import BaseCommand

from partners.models import Photo


class Command(BaseCommand):
    help = (
        "Make the WebP/JPEG renditions of partner photos that lack them (e.g. after loaddata, "
        "which skips Photo.save()); --force makes all of them anew (e.g. after changing "
        "PHOTO_RENDITION_WIDTHS)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Alle Varianten neu erzeugen.")

    def handle(self, *args, force=False, **options):
        made = 0
        for photo in Photo.objects.exclude(image="").iterator(chunk_size=100):
            made += photo.update_renditions(force=force)
        self.stdout.write(f"Bildvarianten erzeugt für {made} Foto(s).")
