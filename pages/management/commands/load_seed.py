from django.core.management import call_command
from django.core.management.base import BaseCommand

from pages.models import Page
from partners.models import Partner
from press.models import PressItem

# Fixture name and the model whose rows show that the fixture's content is there already.
SEED_FIXTURES = [("partners", Partner), ("press", PressItem), ("pages", Page)]
# The content with a history in the admin (each version follows the inlines and parents).
VERSIONED_MODELS = [
    "partners.Partner",
    "press.PressRelease",
    "press.EventNotice",
    "pages.Page",
    "contact.Document",
]


class Command(BaseCommand):
    help = (
        "Lädt die Seed-Inhalte (fixtures/partners.json, press.json, pages.json) in eine "
        "Datenbank, die noch keine solchen Inhalte hat. Änderungen der Redaktion bleiben "
        "erhalten; --force lädt trotzdem und überschreibt die Seed-Einträge. Inhalte ohne "
        "Version (die geladenen, auch ältere) erhalten eine erste Version für die Historie."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="auch bei vorhandenen Inhalten")

    def handle(self, *args, force=False, **options):
        for fixture, model in SEED_FIXTURES:
            if force or not model.objects.exists():
                call_command("loaddata", fixture, verbosity=options["verbosity"])
            else:
                self.stdout.write(f"{fixture}: vorhanden, nicht neu geladen")
        # Without a first version the first change in the admin could not be compared with
        # (or undone to) the content as it was; objects that have versions are skipped.
        call_command(
            "createinitialrevisions",
            *VERSIONED_MODELS,
            comment="Ausgangsfassung",
            verbosity=options["verbosity"],
        )
