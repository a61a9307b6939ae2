"""How every form field of the project is rendered (settings.FORM_RENDERER).

Django renders a date-and-time field (SplitDateTimeWidget, in the admin AdminSplitDateTime)
as two inputs under one label, and the label points at neither of them (a label for two
inputs would name only the first). Each input gets its own name here instead: the field's
label with "Datum" or "Zeit" (the words the admin shows beside them), so a screen reader
announces "Veröffentlichen ab – Datum". The renderer is the one place every form uses, the
admin's change forms, inlines and the public forms alike.
"""

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import SplitDateTimeWidget
from django.utils.translation import gettext


def part_name(label, part):
    """ "Beginn – Datum"; a field that is itself called "Datum" stays "Datum"."""
    if str(label).casefold() == part.casefold():
        return part
    return gettext("%(field)s – %(part)s") % {"field": label, "part": part}


class NamedPartsBoundField(BoundField):
    """A bound field whose split date/time inputs each carry an accessible name."""

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        if isinstance(widget, SplitDateTimeWidget):
            date, time = widget.widgets
            # Django itself sets per-input attributes on the form's own copy of the widgets
            # ("required" below); the names follow the same way.
            date.attrs["aria-label"] = part_name(self.label, gettext("Datum"))
            time.attrs["aria-label"] = part_name(self.label, gettext("Zeit"))
        return super().build_widget_attrs(attrs, widget)


class FormRenderer(DjangoTemplates):
    bound_field_class = NamedPartsBoundField
