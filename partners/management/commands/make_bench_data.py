"""Synthetic content for `make bench`: many partners (and press items, when the press app has
its models), made fast with bulk_create. Only for a separate benchmark database."""

import datetime
import io
import random

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone
from PIL import Image

from core.text import html_from_text
from partners.models import Category, DatePrecision, Link, Partner, Photo, Quote, Region, Signatory

CATEGORIES = [
    ("Kommune", "kommune"),
    ("Kreis", "kreis"),
    ("Bezirksregierung", "bezirksregierung"),
    ("Jobcenter", "jobcenter"),
    ("Polizei", "polizei"),
    ("Wohlfahrtsverband/Verein", "wohlfahrtsverband-verein"),
    ("Kammer/Wirtschaftsverband", "kammer-wirtschaftsverband"),
    ("Unternehmen", "unternehmen"),
]
FILLER = (
    "Synthetischer Text für den Lasttest des Portals. Er steht an der Stelle eines echten "
    "Berichts und ist etwa so lang wie einer. "
)
BATCH = 500


class Command(BaseCommand):
    help = (
        "Fill an empty benchmark database (its name must contain 'bench') with synthetic "
        "partners, signatories, quotes, links and press items."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partners", type=int, default=2000)
        parser.add_argument("--press", type=int, default=400)
        parser.add_argument("--seed", type=int, default=6)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Auch in eine Datenbank schreiben, deren Name nicht 'bench' enthält.",
        )

    def handle(self, *args, partners, press, seed, force, **options):
        name = str(connection.settings_dict["NAME"])
        if "bench" not in name and not force:
            raise CommandError(
                f"Die Datenbank „{name}“ ist keine Benchmark-Datenbank (der Name enthält nicht "
                "„bench“). Testdaten werden nur dorthin geschrieben."
            )
        if Partner.objects.exists():
            raise CommandError("Die Benchmark-Datenbank enthält schon Partner; bitte neu anlegen.")
        rng = random.Random(seed)
        with transaction.atomic():
            categories = [
                Category.objects.create(name=label, slug=slug, order=index)
                for index, (label, slug) in enumerate(CATEGORIES)
            ]
            created = self.make_partners(rng, partners, categories)
            self.make_photo(created[0])
            press_note = self.make_press(rng, press, created)
        self.stdout.write(f"{len(created)} Partner angelegt; {press_note}")

    def make_partners(self, rng, count, categories):
        regions = [value for value, _label in Region.choices]
        precisions = (
            [DatePrecision.DAY] * 14 + [DatePrecision.MONTH] * 3 + [DatePrecision.YEAR] * 2
        )
        precisions.append(DatePrecision.UNKNOWN)
        partners = []
        for number in range(1, count + 1):
            precision = rng.choice(precisions) if number > 1 else DatePrecision.DAY
            signed_on = None
            if precision != DatePrecision.UNKNOWN:
                signed_on = datetime.date(2012, 1, 1) + datetime.timedelta(
                    days=rng.randrange(4700)
                )
                if precision == DatePrecision.MONTH:
                    signed_on = signed_on.replace(day=1)
                elif precision == DatePrecision.YEAR:
                    signed_on = signed_on.replace(month=1, day=1)
            partners.append(
                Partner(
                    name=f"Testpartner {number:04d}",
                    slug=f"testpartner-{number:04d}",
                    category=rng.choice(categories),
                    city=f"Beispielstadt {rng.randint(1, 80)}",
                    region=rng.choice(regions),
                    signed_on=signed_on,
                    signed_on_precision=precision,
                    signing_place=f"Beispielstadt {rng.randint(1, 80)}",
                    signing_occasion="Unterzeichnung (Testdaten)",
                    summary=html_from_text("\n\n".join([FILLER * 3] * rng.randint(1, 3))),
                    commitment=html_from_text("\n\n".join([FILLER * 2] * rng.randint(1, 3))),
                    website=f"https://example.org/testpartner-{number:04d}/",
                    is_published=number == 1 or rng.random() < 0.95,
                )
            )
        partners = Partner.objects.bulk_create(partners, batch_size=BATCH)
        signatories, quotes, links = [], [], []
        for partner in partners:
            for order in range(rng.randint(1, 3)):
                signatories.append(
                    Signatory(
                        partner=partner,
                        name=f"Testperson {partner.pk}-{order}",
                        role="Leitung",
                        side=Signatory.Side.PARTNER,
                        order=order,
                    )
                )
            signatories.append(
                Signatory(
                    partner=partner,
                    name=f"Testperson Land {partner.pk}",
                    role="Vertretung des Landes",
                    side=Signatory.Side.STATE,
                    order=9,
                )
            )
            quotes.append(
                Quote(
                    partner=partner,
                    text=FILLER * 2,
                    speaker_name=f"Testperson {partner.pk}-0",
                    speaker_role="Leitung",
                )
            )
            links.append(
                Link(partner=partner, label="Website", url=partner.website, kind="website")
            )
            links.append(
                Link(
                    partner=partner,
                    label=f"Pressemitteilung zu {partner.name} (Testdaten)",
                    url=f"https://example.org/presse/{partner.slug}/",
                    kind=Link.Kind.PARTNER_PRESS,
                    order=1,
                )
            )
        for model, rows in [(Signatory, signatories), (Quote, quotes), (Link, links)]:
            model.objects.bulk_create(rows, batch_size=BATCH)
        return partners

    def make_photo(self, partner):
        """One synthetic photo on the first partner, whose page the benchmark loads."""
        image = Image.linear_gradient("L").resize((1600, 1067)).convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=85)
        Photo(
            partner=partner,
            image=ContentFile(buffer.getvalue(), name="testbild.jpg"),
            alt_text="Synthetisches Testbild: ein Verlauf von Schwarz nach Weiß",
            credit="Testdaten",
        ).save()

    def make_press(self, rng, count, partners):
        if not count:
            return "keine Presseeinträge verlangt."
        if not apps.is_installed("press"):
            return "Presse-App nicht installiert: keine Presseeinträge."
        made = []
        for model_name in ("PressRelease", "EventNotice"):
            try:
                model = apps.get_model("press", model_name)
            except LookupError:
                continue
            made.append(
                (model, count // 2 if model_name == "PressRelease" else count - count // 2)
            )
        if not made:
            return "Presse-Modelle (PressRelease, EventNotice) fehlen: keine Presseeinträge."
        now = timezone.now()
        total = 0
        for model, number in made:
            prefix = model._meta.model_name
            for index in range(number):
                dated = now - datetime.timedelta(days=index * 7 + rng.randint(0, 6), hours=3)
                values = {
                    "title": f"{model._meta.verbose_name} {index + 1:04d} (Testdaten)",
                    "slug": f"test-{prefix}-{index + 1:04d}",
                    "dated_at": dated,
                    "body": "\n\n".join([FILLER * 3] * 3),
                    "teaser": FILLER,
                    "is_published": rng.random() < 0.95,
                    "publish_at": now + datetime.timedelta(days=2) if index % 50 == 7 else None,
                    "start": dated + datetime.timedelta(days=3),
                    "end": dated + datetime.timedelta(days=3, hours=2),
                    "venue_name": f"Testort {index + 1}",
                    "venue_city": "Beispielstadt",
                    "contact_name": "Pressestelle (Testdaten)",
                }
                item = model(**self.complete(model, values, index))
                item.save()
                if hasattr(item, "partners"):
                    item.partners.set(rng.sample(partners, 2))
                total += 1
        return f"{total} Presseeinträge angelegt."

    @staticmethod
    def complete(model, values, index):
        """The known values the model has, plus something for every other required field."""
        fields = {field.name: field for field in model._meta.concrete_fields}
        data = {name: value for name, value in values.items() if name in fields}
        for name, field in fields.items():
            if name in data or field.primary_key or field.null or field.has_default():
                continue
            if isinstance(field, models.ForeignKey):
                continue  # parent links and the like are set by the model itself
            if isinstance(field, models.DateTimeField):
                data[name] = timezone.now()
            elif isinstance(field, models.DateField):
                data[name] = timezone.localdate()
            elif isinstance(field, models.CharField | models.TextField) and field.unique:
                data[name] = f"test-{model._meta.model_name}-{name}-{index + 1}"
            elif isinstance(field, models.IntegerField | models.FloatField):
                data[name] = 0
        return data
