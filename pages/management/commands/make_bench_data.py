"""Synthetic content for `make bench`: many partners, their measures and press items, made
fast with bulk_create. Only for a separate benchmark database. It lives in `pages`, the app
above partners, measures and press, because it fills all three."""

import datetime
import io
import random

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from PIL import Image

from core.dates import DatePrecision as Precision
from core.text import html_from_text
from measures.models import FieldOfAction, Measure, MeasureFigure, Status
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
# (label, unit) of a measure's figures; the year review sums them per unit.
FIGURES = [
    ("Teilnehmende", "Personen"),
    ("Kurse", "Kurse"),
    ("Auszubildende", "Personen"),
    ("Beratungen", "Gespräche"),
    ("Sprachen", ""),
]
MEASURES_PER_PARTNER = 5
# The year the first partner's first measure starts in: the benchmark's /bilanz/ page.
REVIEW_YEAR = 2020


class Command(BaseCommand):
    help = (
        "Fill an empty benchmark database (its name must contain 'bench') with synthetic "
        "partners, signatories, quotes, links, measures and press items."
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
            measures_note = self.make_measures(rng, created)
            press_note = self.make_press(rng, press, created)
        self.stdout.write(f"{len(created)} Partner angelegt; {measures_note} {press_note}")

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

    def make_measures(self, rng, partners):
        """0 to 5 measures per partner (at least one for the first, whose first measure the
        benchmark loads), in every field of action and status, with periods to the month or
        the year and figures; published as seed data is, through QuerySet.publish()."""
        fields = list(FieldOfAction.objects.all())
        now = timezone.now()
        today = timezone.localdate(now)
        measures = []
        for partner in partners:
            count = rng.randint(1 if partner is partners[0] else 0, MEASURES_PER_PARTNER)
            for index in range(1, count + 1):
                field = fields[len(measures) % len(fields)]
                measure = self.make_measure(rng, partner, index, field, today)
                if not measures:
                    measure.status = Status.RUNNING
                    measure.starts_on = datetime.date(REVIEW_YEAR, 3, 1)
                    measure.starts_on_precision = Precision.MONTH
                    measure.ends_on, measure.ends_on_precision = None, Precision.UNKNOWN
                # What Measure.save() would set; bulk_create does not call it.
                measure.published_at = now - datetime.timedelta(days=rng.randrange(1, 700))
                if measure.status == Status.COMPLETED:
                    measure.completed_at = measure.published_at + datetime.timedelta(days=30)
                measures.append(measure)
        measures = Measure.objects.bulk_create(measures, batch_size=BATCH)
        MeasureFigure.objects.bulk_create(
            [
                MeasureFigure(
                    measure=measure,
                    label=label,
                    value=rng.randint(1, 400),
                    unit=unit,
                    order=order,
                )
                for measure in measures
                for order, (label, unit) in enumerate(rng.sample(FIGURES, rng.randint(0, 3)))
            ],
            batch_size=BATCH,
        )
        Measure.objects.filter(pk__in=[measure.pk for measure in measures]).publish()
        return f"{len(measures)} Maßnahmen angelegt;"

    def make_measure(self, rng, partner, index, field, today):
        """One measure with a period that fits its status: planned ones start later or
        at a time not yet known, running ones have started, completed ones have ended."""
        status = rng.choice(Status.values)
        start = datetime.date(2013, 1, 1) + datetime.timedelta(days=rng.randrange(4400))
        start = min(start, today)
        if status == Status.PLANNED:
            start = today + datetime.timedelta(days=rng.randint(40, 500))
        starts_on, starts_precision = self.period(rng, start)
        ends_on, ends_precision = None, Precision.UNKNOWN
        if status == Status.PLANNED and rng.random() < 0.3:
            starts_on, starts_precision = None, Precision.UNKNOWN
        elif status == Status.COMPLETED or (status == Status.RUNNING and rng.random() < 0.3):
            end = start + datetime.timedelta(days=rng.randint(60, 1500))
            if status == Status.COMPLETED:
                end = max(start, min(end, today))
            # Truncated to its month or year, the end still lies on or after the start.
            ends_on, ends_precision = self.period(rng, end)
        slug = f"testmassnahme-{partner.slug.removeprefix('testpartner-')}-{index}"
        description = (
            f"<p><strong>{field.name}</strong> bei {partner.name}: {FILLER}</p>"
            f"<h3>Für wen</h3><p>{FILLER * 2}</p>"
            "<ul><li>Beratung in mehreren Sprachen</li><li>Fortbildung für Beschäftigte</li>"
            "<li>Begleitung durch Patinnen und Paten</li></ul>"
            f'<p>Mehr dazu auf <a href="{partner.website}">der Website</a>.</p>'
        )
        return Measure(
            partner=partner,
            title=f"Testmaßnahme {index} von {partner.name}",
            slug=slug,
            description=description,
            field_of_action=field,
            status=status,
            starts_on=starts_on,
            starts_on_precision=starts_precision,
            ends_on=ends_on,
            ends_on_precision=ends_precision,
            contact_name="Ansprechperson (Testdaten)" if index % 2 else "",
            contact_email=f"massnahmen@{partner.slug}.example.org" if index % 2 else "",
            link=f"{partner.website}massnahme-{index}/" if index % 3 == 1 else "",
        )

    @staticmethod
    def period(rng, date):
        """``date`` as a measure's period gives it: to the month or to the year."""
        if rng.random() < 0.6:
            return date.replace(day=1), Precision.MONTH
        return date.replace(month=1, day=1), Precision.YEAR

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
