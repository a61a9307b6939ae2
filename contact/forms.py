"""The public forms: a request to become a partner and a general contact message.

The rules live in the forms: field limits, German messages, and the spam checks in
``clean()``. ``save()`` stores the submission and its e-mails (as notification rows, sent
by the ``send_pending_notifications`` worker) in one transaction: no request waits for a
mail server.
"""

import logging

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Fieldset, Layout, Submit
from django import forms
from django.core.validators import EmailValidator, RegexValidator
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.cache import remember
from core.middleware import DATABASE_UNAVAILABLE
from core.spam import SpamProtectedForm
from core.validators import multi_line_text, public_email_address, single_line_text
from partners.models import Category, Region

from .models import ContactMessage, PartnerRequest

logger = logging.getLogger(__name__)

phone_number = RegexValidator(
    r"^\+?[0-9 ()/\-–.]{3,40}$",
    message=_("Bitte geben Sie eine Telefonnummer aus Ziffern an, z. B. 0211 123456."),
    code="invalid_phone",
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
