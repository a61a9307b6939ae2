"""Synthetic content for `make bench`: many partners and press items, made fast with
bulk_create. Only for a separate benchmark database. It lives in `pages`, the app above both
partners and press, because it fills both."""

import datetime
import io
import random

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from PIL import Image

from core.text import html_from_text
from partners.models import Category, DatePrecision, Link, Partner, Photo, Quote, Region, Signatory
from press.models import EventNotice, PressRelease

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
        partners, categories_of = [], []
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
            categories_of.append(rng.choice(categories))
            partners.append(
                Partner(
                    name=f"Testpartner {number:04d}",
                    slug=f"testpartner-{number:04d}",
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
        Partner.categories.through.objects.bulk_create(
            [
                Partner.categories.through(partner=partner, category=category)
                for partner, category in zip(partners, categories_of, strict=True)
            ],
            batch_size=BATCH,
        )
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
        """Half releases, half event notices, a week apart; a few drafts and a few not yet due."""
        now = timezone.now()
        for model, number in [(PressRelease, count // 2), (EventNotice, count - count // 2)]:
            prefix = model._meta.model_name
            for index in range(number):
                dated = now - datetime.timedelta(days=index * 7 + rng.randint(0, 6), hours=3)
                common = {
                    "title": f"{model._meta.verbose_name} {index + 1:04d} (Testdaten)",
                    "slug": f"test-{prefix}-{index + 1:04d}",
                    "dated_at": dated,
                    "body": "\n\n".join([FILLER * 3] * 3),
                    "is_published": rng.random() < 0.95,
                    "publish_at": now + datetime.timedelta(days=2) if index % 50 == 7 else None,
                    "contact_name": "Pressestelle (Testdaten)",
                }
                if model is PressRelease:
                    item = PressRelease.objects.create(**common, teaser=FILLER)
                else:
                    item = EventNotice.objects.create(
                        **common,
                        start=dated + datetime.timedelta(days=3),
                        end=dated + datetime.timedelta(days=3, hours=2),
                        venue_name=f"Testort {index + 1}",
                        venue_city="Beispielstadt",
                    )
                item.partners.set(rng.sample(partners, min(2, len(partners))))
        return f"{count} Presseeinträge angelegt."
