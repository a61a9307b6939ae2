"""Check every external link the portal shows and store the results (run by a timer)."""

from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from links.checker import LinkChecker, in_turn_by_host
from links.models import CheckedLink, Result


class Command(BaseCommand):
    help = (
        "Prüft alle externen Links (Partner, Presse, Seiten) und speichert das Ergebnis. "
        "Defekte Links sind ein Befund, kein Fehler: der Exit-Code ist dann trotzdem 0."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--only-due",
            action="store_true",
            help="Nur Links, die nie, nicht in den letzten --days Tagen geprüft wurden "
            "oder zur erneuten Prüfung vorgemerkt sind.",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=settings.LINK_CHECK_DUE_DAYS,
            help="Tage für --only-due (Standard: DJANGO_LINK_CHECK_DUE_DAYS).",
        )
        parser.add_argument("--limit", type=int, help="Höchstens so viele Links prüfen.")

    def handle(self, *args, only_due, days, limit, verbosity, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit muss mindestens 1 sein.")
        if days < 0:
            raise CommandError("--days darf nicht negativ sein.")
        in_use = CheckedLink.objects.collect()
        links = CheckedLink.objects.due(days) if only_due else CheckedLink.objects.all()
        links = list(links.in_check_order()[:limit])
        checker = LinkChecker(
            timeout=settings.LINK_CHECK_TIMEOUT, user_agent=settings.LINK_CHECK_USER_AGENT
        )
        counts = Counter()
        for link in in_turn_by_host(links, url=lambda link: link.url):
            outcome = checker.check(link.url)
            link.record(outcome)
            counts[outcome.result] += 1
            if verbosity >= 2 or (verbosity >= 1 and outcome.result != Result.OK):
                self.stdout.write(self.describe(link))
        self.stdout.write(
            f"Geprüft: {len(links)} von {in_use} verwendeten Links – "
            f"in Ordnung: {counts[Result.OK]}, umgezogen: {counts[Result.MOVED]}, "
            f"defekt: {counts[Result.BROKEN]}, nicht erreichbar: {counts[Result.ERROR]}."
        )

    @staticmethod
    def describe(link):
        line = f"{link.get_result_display()}: {link.url}"
        if link.status_code:
            line += f" ({link.status_code})"
        if link.result == Result.MOVED:
            line += f" → {link.final_url}"
        if link.error:
            line += f" – {link.error}"
        return line
