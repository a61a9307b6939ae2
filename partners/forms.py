from django import forms
from django.utils.translation import gettext_lazy as _

from core.cache import remember

from .models import Category, Partner, Region


class PartnerFilterForm(forms.Form):
    """The directory's search and filters, read from the query string.

    Each field is checked on its own: an unknown value in one field is reported and
    ignored, the others still apply.
    """

    q = forms.CharField(
        label=_("Suchbegriff"), required=False, max_length=200, widget=forms.SearchInput
    )
    category = forms.ModelChoiceField(
        label=_("Kategorie"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle Kategorien"),
        error_messages={"invalid_choice": _("Diese Kategorie gibt es nicht.")},
    )
    region = forms.ChoiceField(
        label=_("Regierungsbezirk"),
        choices=[("", _("Alle Regierungsbezirke")), *Region.choices],
        required=False,
        error_messages={"invalid_choice": _("Diesen Regierungsbezirk gibt es nicht.")},
    )
    year = forms.TypedChoiceField(
        label=_("Jahr der Unterzeichnung"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Für dieses Jahr gibt es keine Einträge.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = remember("partners:signing_years", Partner.objects.published().signing_years)
        self.fields["year"].choices = [("", _("Alle Jahre"))] + [(y, str(y)) for y in years]

    def filters(self):
        """The valid part of the input; invalid fields count as not set."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def is_filtered(self):
        return bool(self.filters())
