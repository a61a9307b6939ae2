import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout, Submit
from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from core.cache import remember
from core.dates import DatePrecision
from core.spam import SpamProtectedForm
from core.text import html_from_text
from core.validators import multi_line_text, single_line_text
from core.workflow import State, submitted_for_approval
from partners.forms import PartnerFilterForm

from .models import FieldOfAction, Measure, MeasureFigure, Status


class MeasureFilterForm(PartnerFilterForm):
    """The register's search and filters: the directory's (search, category and
    Regierungsbezirk of the partner) plus field of action, status and the year started."""

    field = forms.ModelChoiceField(
        label=_("Handlungsfeld"),
        queryset=FieldOfAction.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle Handlungsfelder"),
        error_messages={"invalid_choice": _("Dieses Handlungsfeld gibt es nicht.")},
    )
    status = forms.ChoiceField(
        label=_("Stand"),
        choices=[("", _("Jeder Stand")), *Status.choices],
        required=False,
        error_messages={"invalid_choice": _("Diesen Stand gibt es nicht.")},
    )
    field_order = ["q", "field", "status", "year", "category", "region"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = remember("measures:start_years", Measure.objects.published().start_years)
        year = self.fields["year"]
        year.label = _("Jahr des Beginns")
        year.choices = [("", _("Alle Jahre"))] + [(y, str(y)) for y in years]


def _year_field(label, required=False):
    this_year = timezone.localdate().year
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=1990,
        max_value=this_year + 10,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Bitte geben Sie das Jahr mit vier Ziffern an, z. B. 2024."),
            "min_value": _("Bitte geben Sie ein Jahr ab 1990 an."),
            "max_value": _("Bitte geben Sie ein Jahr bis %(limit_value)s an."),
        },
    )


def _month_field(label):
    return forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Monat nicht bekannt")), *MONTHS.items()],
    )


FIGURE_ROWS = 3


class MeasureProposalForm(SpamProtectedForm, forms.ModelForm):
    """What a partner sends through its reporting link: a new measure, or an update of one
    of its published measures. Saved as an unpublished Measure for the editorial office."""

    form_id = "measure-proposal"

    update_of = forms.ModelChoiceField(
        label=_("Ihr Vorschlag betrifft"),
        queryset=Measure.objects.none(),
        required=False,
        empty_label=_("eine neue Maßnahme"),
        error_messages={"invalid_choice": _("Bitte wählen Sie eine Ihrer Maßnahmen.")},
    )
    start_year = _year_field(_("Beginn: Jahr"))
    start_month = _month_field(_("Beginn: Monat"))
    end_year = _year_field(_("Ende: Jahr"))
    end_month = _month_field(_("Ende: Monat"))
    # Partners write plain text (no editor on a public page); it is stored as the rich
    # text the office edits, a paragraph per blank line, every character kept as text.
    description = forms.CharField(
        label=_("Beschreibung"),
        max_length=5000,
        help_text=_(
            "Was tut Ihre Organisation, für wen, mit welchem Ziel? Ein Absatz je "
            "Leerzeile; höchstens 5000 Zeichen."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Bitte beschreiben Sie die Maßnahme.")},
    )

    class Meta:
        model = Measure
        fields = ["title", "field_of_action", "status", "description", "contact_name"]
        fields += ["contact_email", "link"]
        labels = {
            "title": _("Titel der Maßnahme"),
            "contact_name": _("Ansprechperson (freiwillig)"),
            "contact_email": _("E-Mail der Ansprechperson (freiwillig)"),
            "link": _("Link zu mehr Informationen (freiwillig)"),
        }
        help_texts = {
            "contact_name": _("Wird mit der Maßnahme veröffentlicht."),
            "link": _("Mit https://, z. B. https://www.beispiel.de/projekt"),
        }
        widgets = {
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        error_messages = {
            "title": {"required": _("Bitte geben Sie einen Titel an.")},
            "field_of_action": {
                "required": _("Bitte wählen Sie ein Handlungsfeld."),
                "invalid_choice": _("Bitte wählen Sie ein Handlungsfeld aus der Liste."),
            },
            "link": {"invalid": _("Bitte geben Sie eine vollständige Adresse an.")},
            "contact_email": {"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")},
        }

    def __init__(self, *args, link, **kwargs):
        self.link = link
        super().__init__(*args, **kwargs)
        self.fields["field_of_action"].empty_label = _("Bitte auswählen")
        self.fields["update_of"].queryset = Measure.objects.published().filter(
            partner=link.partner
        )
        self.fields["link"].assume_scheme = "https"
        for number in range(1, FIGURE_ROWS + 1):
            self.fields[f"figure_{number}_label"] = forms.CharField(
                label=_("Kennzahl %(number)d: Bezeichnung") % {"number": number},
                required=False,
                max_length=200,
                help_text=_("z. B. Auszubildende") if number == 1 else "",
            )
            self.fields[f"figure_{number}_value"] = forms.IntegerField(
                label=_("Kennzahl %(number)d: Wert") % {"number": number},
                required=False,
                min_value=0,
                max_value=10**9,
                error_messages={"invalid": _("Bitte geben Sie eine ganze Zahl an.")},
            )
            self.fields[f"figure_{number}_unit"] = forms.CharField(
                label=_("Kennzahl %(number)d: Einheit") % {"number": number},
                required=False,
                max_length=50,
                help_text=_("z. B. Personen") if number == 1 else "",
            )
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and name not in ("form_token", "homepage"):
                is_text = isinstance(field.widget, forms.Textarea)
                field.validators.append(multi_line_text if is_text else single_line_text)
        self.helper = FormHelper(self)
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        figure_rows = [
            Div(
                Div(Field(f"figure_{n}_label"), css_class="col-md-5"),
                Div(Field(f"figure_{n}_value"), css_class="col-md-3"),
                Div(Field(f"figure_{n}_unit"), css_class="col-md-4"),
                css_class="row",
            )
            for n in range(1, FIGURE_ROWS + 1)
        ]
        self.helper.layout = Layout(
            Fieldset(_("Maßnahme"), "update_of", "title", "field_of_action", "status"),
            Fieldset(_("Beschreibung"), "description"),
            Fieldset(
                _("Zeitraum"),
                Div(
                    Div(Field("start_month"), css_class="col-md-6"),
                    Div(Field("start_year"), css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div(Field("end_month"), css_class="col-md-6"),
                    Div(Field("end_year"), css_class="col-md-6"),
                    css_class="row",
                ),
            ),
            Fieldset(_("Kennzahlen (freiwillig)"), *figure_rows),
            Fieldset(_("Kontakt und Link"), "contact_name", "contact_email", "link"),
            Div(Field("homepage"), css_class="offscreen-field", aria_hidden="true"),
            Field("form_token"),
            Submit("submit", _("Vorschlag senden")),
        )

    @classmethod
    def initial_for(cls, measure):
        """The form filled with a published measure, to propose an update of it."""
        initial = {name: getattr(measure, name) for name in cls._meta.fields}
        initial["description"] = measure.description_text
        initial["field_of_action"] = measure.field_of_action_id
        initial["update_of"] = measure.pk
        for prefix, date, precision in (
            ("start", measure.starts_on, measure.starts_on_precision),
            ("end", measure.ends_on, measure.ends_on_precision),
        ):
            if date:
                initial[f"{prefix}_year"] = date.year
                if precision == DatePrecision.MONTH:
                    initial[f"{prefix}_month"] = date.month
        for number, figure in enumerate(measure.figures.all()[:FIGURE_ROWS], start=1):
            initial[f"figure_{number}_label"] = figure.label
            initial[f"figure_{number}_value"] = figure.value
            initial[f"figure_{number}_unit"] = figure.unit
        return initial

    def _period_date(self, prefix):
        year = self.cleaned_data.get(f"{prefix}_year")
        month = self.cleaned_data.get(f"{prefix}_month")
        if not year:
            if month:
                self.add_error(f"{prefix}_year", _("Bitte geben Sie zum Monat das Jahr an."))
            return None, DatePrecision.UNKNOWN
        if month:
            return datetime.date(year, month, 1), DatePrecision.MONTH
        return datetime.date(year, 1, 1), DatePrecision.YEAR

    def figures(self):
        rows = []
        for number in range(1, FIGURE_ROWS + 1):
            label = self.cleaned_data.get(f"figure_{number}_label")
            value = self.cleaned_data.get(f"figure_{number}_value")
            unit = self.cleaned_data.get(f"figure_{number}_unit") or ""
            if label and value is not None:
                rows.append(MeasureFigure(label=label, value=value, unit=unit, order=number))
            elif label:
                self.add_error(f"figure_{number}_value", _("Bitte geben Sie den Wert an."))
            elif value is not None or unit:
                self.add_error(f"figure_{number}_label", _("Bitte geben Sie die Bezeichnung an."))
        return rows

    def clean_description(self):
        return html_from_text(self.cleaned_data["description"])

    def clean(self):
        cleaned_data = super().clean()
        start, start_precision = self._period_date("start")
        end, end_precision = self._period_date("end")
        if Measure.ends_before_start(start, end, end_precision):
            self.add_error("end_year", _("Das Ende liegt vor dem Beginn."))
            end, end_precision = None, DatePrecision.UNKNOWN
        self.instance.starts_on, self.instance.starts_on_precision = start, start_precision
        self.instance.ends_on, self.instance.ends_on_precision = end, end_precision
        self.figure_rows = self.figures()
        return cleaned_data

    def save(self, commit=True):
        measure = super().save(commit=False)
        measure.partner = self.link.partner
        measure.proposed_via = self.link
        measure.update_of = self.cleaned_data.get("update_of")
        # Submitted by the partner (no account): the Freigabe approves it like any draft.
        measure.state, measure.submitted_at = State.REVIEW, timezone.now()
        measure.slug = Measure.unique_slug(measure.title)
        with transaction.atomic():
            measure.save()
            for figure in self.figure_rows:
                figure.measure = measure
            MeasureFigure.objects.bulk_create(self.figure_rows)
            self.link.used()
            submitted_for_approval.send(sender=Measure, instance=measure, user=None)
        return measure
