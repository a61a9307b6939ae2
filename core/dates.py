"""Dates known only to some precision (a signing "im Mai 2015", a measure "seit 2019"):
stored as the first day of their month or year, shown and exported no more precisely than
they are known."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("Tag")
    MONTH = "month", _("Monat")
    YEAR = "year", _("Jahr")
    UNKNOWN = "unknown", _("unbekannt")


# The active language's formats: "28. Mai 2015" in German, "May 28, 2015" in English.
_FORMATS = {
    DatePrecision.DAY: "DATE_FORMAT",
    DatePrecision.MONTH: "YEAR_MONTH_FORMAT",
    DatePrecision.YEAR: "Y",
}
_ISO_LENGTHS = {DatePrecision.DAY: 10, DatePrecision.MONTH: 7, DatePrecision.YEAR: 4}


def truncate(date, precision):
    """The date as stored: month and year precision on the first day, so nothing invents
    a day."""
    if date and precision == DatePrecision.MONTH:
        return date.replace(day=1)
    if date and precision == DatePrecision.YEAR:
        return datetime.date(date.year, 1, 1)
    return date


def last_day(date, precision):
    """The last day the date may mean: 31 December for a year, the month's end for a month
    (a period "März 2025 – 2025" is not one that ends before it begins)."""
    if date and precision == DatePrecision.YEAR:
        return datetime.date(date.year, 12, 31)
    if date and precision == DatePrecision.MONTH:
        following = date.replace(day=28) + datetime.timedelta(days=4)
        return following - datetime.timedelta(days=following.day)
    return date


def display(date, precision):
    """ "28. Mai 2015", "Mai 2015", "2015"; "" without a date or a known precision."""
    pattern = _FORMATS.get(precision)
    return date_format(date, pattern) if date and pattern else ""


def iso(date, precision):
    """The machine-readable form (<time datetime>, exports), as precise as the display."""
    if not date:
        return ""
    return date.isoformat()[: _ISO_LENGTHS.get(precision, 0)]


def moment(value):
    """A moment as the office reads it (desk, workflow states): local time, German."""
    return timezone.localtime(value).strftime("%d.%m.%Y, %H:%M Uhr") if value else ""
