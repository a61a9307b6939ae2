"""Form rules: required fields, limits, German messages, input that may not pass."""

import pytest
from django.utils.datastructures import MultiValueDict

from contact.forms import ContactMessageForm, PartnerRequestForm
from tests.helpers import pdf_upload


def _request_form(data, files=None):
    return PartnerRequestForm(data=data, files=MultiValueDict(files or {}))


def test_complete_request_is_valid(request_data):
    form = _request_form(request_data())
    assert form.is_valid(), form.errors


def test_complete_message_is_valid(db, message_data):
    form = ContactMessageForm(data=message_data())
    assert form.is_valid(), form.errors


def test_phone_is_the_only_optional_field_of_the_request(request_data):
    form = _request_form(request_data(phone=""))
    assert form.is_valid(), form.errors
    empty = {name: "" for name in request_data() if name not in ("form_token", "homepage")}
    form = _request_form(request_data(**empty))
    assert not form.is_valid()
    assert set(form.errors) == {
        "organisation",
        "category",
        "city",
        "region",
        "website",
        "contact_name",
        "contact_role",
        "email",
        "measures",
        "message",
        "consent",
    }


def test_required_messages_are_german_and_specific(request_data):
    form = _request_form(request_data(organisation="", email="", consent=None))
    assert form.errors["organisation"] == ["Bitte geben Sie den Namen Ihrer Organisation an."]
    assert form.errors["email"] == ["Bitte geben Sie eine E-Mail-Adresse an."]
    assert form.errors["consent"] == [
        "Bitte bestätigen Sie, dass Sie die Datenschutzhinweise gelesen haben."
    ]


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("organisation", 200),
        ("city", 100),
        ("contact_name", 200),
        ("contact_role", 200),
        ("phone", 40),
        ("measures", 5000),
        ("message", 5000),
    ],
)
def test_every_text_field_has_a_limit(request_data, field, limit):
    value = "1" * (limit + 1) if field == "phone" else "x" * (limit + 1)
    form = _request_form(request_data(**{field: value}))
    assert not form.is_valid()
    assert "höchstens" in form.errors[field][0]
    assert f'maxlength="{limit}"' in str(form[field])


@pytest.mark.parametrize(("field", "limit"), [("name", 200), ("subject", 200), ("message", 5000)])
def test_contact_fields_have_limits(db, message_data, field, limit):
    form = ContactMessageForm(data=message_data(**{field: "x" * (limit + 1)}))
    assert not form.is_valid()
    assert "höchstens" in form.errors[field][0]


def test_line_breaks_are_refused_in_single_line_fields(db, message_data):
    form = ContactMessageForm(data=message_data(subject="Hallo\r\nBcc: opfer@example.org"))
    assert not form.is_valid()
    assert form.errors["subject"] == [
        "Bitte in einer Zeile eingeben, ohne Zeilenumbrüche und unsichtbare Steuer- oder "
        "Formatierungszeichen (gefunden: U+000D)."
    ]


def test_line_breaks_are_fine_in_messages_but_control_characters_are_not(db, message_data):
    assert ContactMessageForm(data=message_data(message="Zeile 1\r\nZeile 2\tTab")).is_valid()
    form = ContactMessageForm(data=message_data(message="Hallo\x1b[31m"))
    assert form.errors["message"] == [
        "Der Text enthält unsichtbare Steuer- oder Formatierungszeichen (gefunden: U+001B), "
        "etwa aus einer kopierten Vorlage. Bitte entfernen Sie sie."
    ]


@pytest.mark.parametrize("phone", ["0211 855-5", "+49 (0)211 8555", "0211/855 5"])
def test_phone_numbers_in_usual_notations(request_data, phone):
    assert _request_form(request_data(phone=phone)).is_valid()


@pytest.mark.parametrize("phone", ["ruf mich an", "<script>", "12"])
def test_phone_must_be_a_number(request_data, phone):
    form = _request_form(request_data(phone=phone))
    assert "Telefonnummer" in form.errors["phone"][0]


def test_website_without_scheme_gets_https(request_data):
    form = _request_form(request_data(website="www.beispielhausen.example"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["website"] == "https://www.beispielhausen.example"


@pytest.mark.parametrize("website", ["javascript:alert(1)", "keine", "ftp//x"])
def test_website_must_be_a_web_address(request_data, website):
    form = _request_form(request_data(website=website))
    assert not form.is_valid()
    assert "website" in form.errors


def test_unknown_category_and_region_are_refused(request_data):
    form = _request_form(request_data(category="99999", region="bayern"))
    assert form.errors["category"] == ["Bitte wählen Sie eine Art aus der Liste."]
    assert form.errors["region"] == ["Bitte wählen Sie einen Regierungsbezirk aus der Liste."]


def test_attachment_must_be_a_pdf_by_content(request_data):
    fake = pdf_upload("konzept.pdf", b"MZ\x90\x00 not a pdf at all")
    form = _request_form(request_data(), {"attachment": [fake]})
    assert form.errors["attachment"] == ["Die Datei ist kein PDF-Dokument."]


def test_attachment_is_judged_by_content_not_by_name(request_data):
    form = _request_form(request_data(), {"attachment": [pdf_upload("konzept.exe")]})
    assert form.is_valid(), form.errors


def test_attachment_pdf_is_accepted(request_data):
    form = _request_form(request_data(), {"attachment": [pdf_upload()]})
    assert form.is_valid(), form.errors


def test_fields_say_what_they_are_for(request_data):
    form = _request_form(request_data())
    html = str(form["email"]) + str(form["organisation"]) + str(form["phone"])
    assert 'autocomplete="email"' in html
    assert 'autocomplete="organization"' in html
    assert 'type="tel"' in html


def test_errors_are_linked_to_their_fields(request_data):
    form = _request_form(request_data(email="kaputt"))
    form.is_valid()
    widget = str(form["email"])
    assert 'aria-invalid="true"' in widget
    assert "id_email_error" in widget
