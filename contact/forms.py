"""The public forms: a request to become a partner and a general contact message.

The rules live in the forms: field limits, German messages, and the spam checks in
``clean()``. ``save()`` stores the submission and its e-mails (as notification rows, sent
by the ``send_pending_notifications`` worker) in one transaction: no request waits for a
mail server.
"""

import logging

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.core.validators import EmailValidator, RegexValidator
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.cache import remember
from core.middleware import DATABASE_UNAVAILABLE
from core.validators import multi_line_text, public_email_address, single_line_text
from partners.models import Category, Region

from .models import ContactMessage, PartnerRequest
from .spam import TokenProblem, check_form_token, claim_form_token, make_form_token

logger = logging.getLogger(__name__)

phone_number = RegexValidator(
    r"^\+?[0-9 ()/\-–.]{3,40}$",
    message=_("Bitte geben Sie eine Telefonnummer aus Ziffern an, z. B. 0211 123456."),
    code="invalid_phone",
)


class FreshTokenInput(forms.HiddenInput):
    """Renders a new time token every time, whatever was posted."""

    def __init__(self, form_id, attrs=None):
        super().__init__(attrs)
        self.form_id = form_id

    def get_context(self, name, value, attrs):
        return super().get_context(name, make_form_token(self.form_id), attrs)


class EmptyTextInput(forms.TextInput):
    """A field people never see; it is rendered empty, even after a post."""

    def format_value(self, value):
        return None


def _duration(seconds):
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(count)d Stunde", "%(count)d Stunden", hours) % {"count": hours}
    minutes = max(1, seconds // 60)
    return ngettext("%(count)d Minute", "%(count)d Minuten", minutes) % {"count": minutes}


class SpamProtectedForm(forms.Form):
    """Honeypot and time token; mixed into the public forms before ModelForm."""

    #: Identifies the form in its time token, so one form's token is no good for another.
    form_id = "form"

    homepage = forms.CharField(
        label=_("Dieses Feld bitte leer lassen"),
        required=False,
        max_length=200,
        widget=EmptyTextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    form_token = forms.CharField(required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_token"].widget = FreshTokenInput(self.form_id)

    def clean(self):
        cleaned_data = super().clean()
        if self.cleaned_data.get("homepage"):
            logger.info("Form %s rejected: honeypot filled", self.form_id)
            raise forms.ValidationError(
                _(
                    "Ihre Eingaben konnten nicht angenommen werden, weil ein verstecktes "
                    "Prüffeld ausgefüllt war (das kann beim automatischen Ausfüllen durch den "
                    "Browser passieren). Bitte senden Sie das Formular noch einmal ab – "
                    "Ihre übrigen Eingaben sind erhalten."
                ),
                code="honeypot",
            )
        problem = check_form_token(self.cleaned_data.get("form_token"), self.form_id)
        if problem:
            logger.info("Form %s rejected: %s", self.form_id, problem)
            raise forms.ValidationError(self.token_message(problem), code=problem)
        return cleaned_data

    def claim_token(self):
        """Use up the form's token for this accepted submission; False (with the form's
        message) when it was used before: a resent or replayed post is not saved twice."""
        if claim_form_token(self.cleaned_data["form_token"]):
            return True
        logger.info("Form %s rejected: %s", self.form_id, TokenProblem.USED)
        self.add_error(
            None, forms.ValidationError(self.token_message(TokenProblem.USED), code="token_used")
        )
        return False

    def spam_layout(self):
        """The honeypot (hidden from people and screen readers) and the time token."""
        return [
            Div(Field("homepage"), css_class="offscreen-field", aria_hidden="true"),
            Field("form_token"),
        ]

    @staticmethod
    def token_message(problem):
        if problem == TokenProblem.USED:
            return _(
                "Dieses Formular wurde bereits abgeschickt und angenommen. Wenn Sie es noch "
                "einmal senden möchten, schicken Sie es bitte erneut ab – Ihre Eingaben sind "
                "erhalten."
            )
        if problem == TokenProblem.TOO_FAST:
            return _(
                "Das Formular wurde ungewöhnlich schnell nach dem Öffnen abgeschickt. Zum "
                "Schutz vor automatisierten Einsendungen bitten wir Sie, es noch einmal "
                "abzuschicken – Ihre Eingaben sind erhalten."
            )
        if problem == TokenProblem.EXPIRED:
            return _(
                "Das Formular war länger als %(duration)s geöffnet. Bitte schicken Sie es "
                "noch einmal ab – Ihre Eingaben sind erhalten."
            ) % {"duration": _duration(settings.FORM_MAX_AGE_SECONDS)}
        return _(
            "Das Formular konnte nicht geprüft werden. Bitte schicken Sie es noch einmal ab "
            "– Ihre Eingaben sind erhalten."
        )


class SubmissionForm(SpamProtectedForm, forms.ModelForm):
    """What both public forms share: German messages, consent, saving, the layout frame."""

    consent = forms.BooleanField(
        label=_(
            "Ich habe die Datenschutzhinweise gelesen und bin mit der Verarbeitung meiner "
            "Angaben einverstanden."
        ),
        error_messages={
            "required": _("Bitte bestätigen Sie, dass Sie die Datenschutzhinweise gelesen haben.")
        },
    )

    #: Field name -> message when it is left empty ("Bitte geben Sie … an.").
    required_messages = {}
    submit_label = _("Absenden")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in self.required_messages:
                field.error_messages["required"] = self.required_messages[name]
            if isinstance(field, forms.CharField) and name not in ("form_token", "homepage"):
                if isinstance(field.widget, forms.Textarea):
                    field.validators.append(multi_line_text)
                else:
                    field.validators.append(single_line_text)
        self.fields["consent"].help_text = format_html(
            '<a href="{}">{}</a>',
            reverse("page", args=["datenschutz"]),
            _("Datenschutzhinweise lesen"),
        )
        # One rule and one message for every address that cannot be answered.
        email = self.fields["email"]
        email.validators = [v for v in email.validators if type(v) is not EmailValidator]
        email.validators.insert(0, public_email_address)
        self.helper = FormHelper(self)
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            *self.layout_fields(),
            Field("consent"),
            *self.spam_layout(),
            Submit("submit", self.submit_label),
        )

    def layout_fields(self):
        raise NotImplementedError

    def save(self, commit=True):
        """Save the submission with its pending e-mails, all or nothing."""
        with transaction.atomic():
            submission = super().save(commit=True)
            submission.create_notifications()
        return submission


class PartnerRequestForm(SubmissionForm):
    form_id = "partner-request"
    submit_label = _("Anfrage absenden")

    category = forms.ModelChoiceField(
        label=_("Art der Organisation"),
        queryset=Category.objects.all(),
        empty_label=_("Bitte auswählen"),
        error_messages={
            "required": _("Bitte wählen Sie die Art Ihrer Organisation."),
            "invalid_choice": _("Bitte wählen Sie eine Art aus der Liste."),
        },
    )
    region = forms.ChoiceField(
        label=_("Regierungsbezirk"),
        choices=[("", _("Bitte auswählen")), *Region.choices],
        error_messages={
            "required": _("Bitte wählen Sie den Regierungsbezirk."),
            "invalid_choice": _("Bitte wählen Sie einen Regierungsbezirk aus der Liste."),
        },
        help_text=_("Wählen Sie „landesweit“, wenn Ihre Organisation in ganz NRW tätig ist."),
    )

    required_messages = {
        "organisation": _("Bitte geben Sie den Namen Ihrer Organisation an."),
        "city": _("Bitte geben Sie den Ort an."),
        "website": _("Bitte geben Sie die Website Ihrer Organisation an."),
        "contact_name": _("Bitte geben Sie den Namen der Ansprechperson an."),
        "contact_role": _("Bitte geben Sie die Funktion der Ansprechperson an."),
        "email": _("Bitte geben Sie eine E-Mail-Adresse an."),
        "measures": _("Bitte beschreiben Sie die Maßnahmen, die Sie planen."),
        "message": _("Bitte schreiben Sie uns eine kurze Nachricht."),
    }

    class Meta:
        model = PartnerRequest
        fields = [
            "organisation",
            "category",
            "city",
            "region",
            "website",
            "contact_name",
            "contact_role",
            "email",
            "phone",
            "measures",
            "message",
            "attachment",
        ]
        labels = {
            "phone": _("Telefon (freiwillig)"),
            "attachment": _("Anlage (freiwillig, PDF)"),
            "message": _("Ihre Nachricht an uns"),
        }
        help_texts = {
            "website": _("Mit https://, z. B. https://www.beispiel.de"),
            "measures": _(
                "Welche Maßnahmen zur interkulturellen Öffnung plant Ihre Organisation? "
                "Zum Beispiel Fortbildungen, Personalgewinnung, Angebote in mehreren Sprachen. "
                "Höchstens 5000 Zeichen."
            ),
            "message": _("Fragen oder Hinweise zu Ihrer Anfrage. Höchstens 5000 Zeichen."),
            "attachment": _(
                "Zum Beispiel ein Konzept Ihrer Maßnahmen; nur PDF. Nach einem Fehler im "
                "Formular wählen Sie die Datei bitte erneut aus."
            ),
        }
        widgets = {
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "website": forms.URLInput(attrs={"autocomplete": "url"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "measures": forms.Textarea(attrs={"rows": 6}),
            "message": forms.Textarea(attrs={"rows": 4}),
            "attachment": forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
        }
        error_messages = {
            "website": {
                "invalid": _(
                    "Bitte geben Sie eine vollständige Adresse an, z. B. https://www.beispiel.de."
                )
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].validators.append(phone_number)
        # "www.beispiel.de" means https://www.beispiel.de today.
        self.fields["website"].assume_scheme = "https"
        # Read when the form is rendered (a callable), from the remembered list.
        self.fields["category"].choices = self.category_choices

    def category_choices(self):
        """The categories to choose from, remembered until the content changes, so that
        the form can be shown again with the visitor's choice while the database is down.
        Without database and cache only the chosen value is offered, so nothing is lost."""
        field = self.fields["category"]
        try:
            categories = remember(
                "contact:category-choices",
                lambda: [(category.pk, str(category)) for category in field.queryset],
            )
        except DATABASE_UNAVAILABLE:
            chosen = self.data.get(self.add_prefix("category"), "")
            categories = [(chosen, _("Ihre Auswahl"))] if chosen else []
        return [("", field.empty_label), *categories]

    def layout_fields(self):
        return [
            Fieldset(
                _("Ihre Organisation"),
                "organisation",
                "category",
                "city",
                "region",
                "website",
            ),
            Fieldset(
                _("Ansprechperson"),
                "contact_name",
                "contact_role",
                "email",
                "phone",
            ),
            Fieldset(
                _("Ihr Vorhaben"),
                "measures",
                "message",
                "attachment",
            ),
        ]


class ContactMessageForm(SubmissionForm):
    form_id = "contact-message"
    submit_label = _("Nachricht absenden")

    required_messages = {
        "name": _("Bitte geben Sie Ihren Namen an."),
        "email": _("Bitte geben Sie eine E-Mail-Adresse an, damit wir antworten können."),
        "subject": _("Bitte geben Sie einen Betreff an."),
        "message": _("Bitte schreiben Sie Ihre Nachricht."),
    }

    class Meta:
        model = ContactMessage
        fields = ["name", "email", "subject", "message"]
        labels = {"name": _("Ihr Name"), "email": _("Ihre E-Mail-Adresse")}
        help_texts = {
            "email": _("An diese Adresse schicken wir die Antwort."),
            "message": _("Höchstens 5000 Zeichen."),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "message": forms.Textarea(attrs={"rows": 8}),
        }

    def layout_fields(self):
        return ["name", "email", "subject", "message"]


class RequestAnswerForm(SpamProtectedForm, forms.ModelForm):
    """The organisation's answer to the office's question, on the request's status page."""

    form_id = "request-answer"

    class Meta:
        model = PartnerRequest
        fields = ["answer"]
        labels = {"answer": _("Ihre Antwort")}
        help_texts = {"answer": _("Höchstens 5000 Zeichen.")}
        widgets = {"answer": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        answer = self.fields["answer"]
        answer.required = True
        answer.error_messages["required"] = _("Bitte schreiben Sie Ihre Antwort.")
        answer.validators.append(multi_line_text)
        self.helper = FormHelper(self)
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            "answer", *self.spam_layout(), Submit("submit", _("Antwort senden"))
        )

    def clean(self):
        if not self.instance.awaits_answer:
            raise forms.ValidationError(
                _(
                    "Zu Ihrer Anfrage ist derzeit keine Rückfrage offen; Ihre Antwort wurde "
                    "nicht gesendet. Bitte schreiben Sie uns über das Kontaktformular und "
                    "nennen Sie Ihre Vorgangsnummer."
                ),
                code="no_question",
            )
        return super().clean()

    def save(self, commit=True):
        self.instance.save_answer(self.cleaned_data["answer"])
        return self.instance
