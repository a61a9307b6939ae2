from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PressItem

# The archive's "type" filter: German words in the query string, kinds in the database.
KIND_BY_TYPE = {
    "pressemitteilungen": PressItem.Kind.RELEASE,
    "terminhinweise": PressItem.Kind.NOTICE,
}


class PressFilterForm(forms.Form):
    """The press archive's filters, read from the query string.

    Each field is checked on its own: an unknown value is reported and ignored, the other
    filter still applies.
    """

    type = forms.ChoiceField(
        label=_("Art"),
        choices=[
            ("", _("Alle Arten")),
            ("pressemitteilungen", _("nur Pressemitteilungen")),
            ("terminhinweise", _("nur Terminhinweise")),
        ],
        required=False,
        error_messages={"invalid_choice": _("Diese Art von Presseeintrag gibt es nicht.")},
    )
    year = forms.TypedChoiceField(
        label=_("Jahr"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Für dieses Jahr gibt es keine Einträge.")},
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Alle Jahre"))] + [(y, str(y)) for y in years]

    def filters(self):
        """The valid part of the input, as `PressItemQuerySet.filter_by()` takes it."""
        self.is_valid()
        data = self.cleaned_data
        params = {"kind": KIND_BY_TYPE.get(data.get("type") or ""), "year": data.get("year")}
        return {name: value for name, value in params.items() if value}

    def is_filtered(self):
        return bool(self.filters())
