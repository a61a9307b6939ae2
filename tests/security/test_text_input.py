"""What visitors type: no invisible reordering or line breaks in single lines, no invisible
format characters anywhere, e-mail addresses at a public domain; the input is kept."""

import pytest

from contact.models import ContactMessage, PartnerRequest
from core.validators import multi_line_text, public_email_address, single_line_text

BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
LINE_BREAKS = ["\n", "\r", "\x85", "\u2028", "\u2029", "\x0b", "\x0c"]
OTHER_INVISIBLE = ["\x00", "\x1b", "\t", "\x7f", "\u200b", "\u200e", "\ufeff", "\u00ad"]


@pytest.fixture
def contact_form(message_data, settings):
    settings.FORM_MIN_SECONDS = 3
    settings.FORM_RATE_LIMIT = 100
    return message_data


@pytest.mark.parametrize("char", BIDI + LINE_BREAKS + OTHER_INVISIBLE)
@pytest.mark.parametrize("field", ["name", "subject"])
def test_single_line_fields_refuse_it_and_keep_the_input(client, contact_form, field, char):
    response = client.post("/kontakt/", contact_form(**{field: f"Rechnung{char}fdp.exe"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"(gefunden: U+{ord(char):04X})" in html
    assert "Wie kann unser Verein mitmachen?" in html
    assert ContactMessage.objects.count() == 0


@pytest.mark.parametrize("char", BIDI + ["\x85", "\u2028", "\u2029", "\x00", "\u200b"])
def test_messages_refuse_invisible_format_characters(client, contact_form, char):
    response = client.post("/kontakt/", contact_form(message=f"Hallo{char} Welt"))
    assert f"(gefunden: U+{ord(char):04X})" in response.content.decode()
    assert 'value="Frage zur Initiative"' in response.content.decode()
    assert ContactMessage.objects.count() == 0


def test_messages_keep_line_breaks_tabs_and_joiners(client, contact_form):
    text = "Zeile 1\r\nZeile 2\tmit Tab\n\nمی\u200cخواهم 👩\u200d💻"
    assert client.post("/kontakt/", contact_form(message=text)).status_code == 302
    assert ContactMessage.objects.get().message == text


def test_names_in_every_script_are_fine(client, contact_form):
    name = "Zoë Ağaoğlu-Nguyễn محمد\u200cعلی 李小龍"
    assert client.post("/kontakt/", contact_form(name=name)).status_code == 302


@pytest.mark.parametrize(
    "address",
    [
        "root@localhost",
        "admin@[127.0.0.1]",
        "admin@[IPv6:::1]",
        "x@192.168.0.10",
        "x@intranet",
        "x@beispiel.",
        "x@-beispiel.de",
    ],
)
def test_addresses_need_a_public_domain_name(client, contact_form, address):
    response = client.post("/kontakt/", contact_form(email=address))
    html = response.content.decode()
    assert "gültige E-Mail-Adresse mit vollständigem Domainnamen" in html
    assert html.count("gültige E-Mail-Adresse mit vollständigem Domainnamen") == 2  # summary
    assert 'value="Max Muster"' in html
    assert ContactMessage.objects.count() == 0


@pytest.mark.parametrize("address", ["erika@stadt.beispiel.de", "o'neil+nrw@xn--mller-kva.de"])
def test_ordinary_addresses_pass(address):
    public_email_address(address)


def test_partner_request_fields_follow_the_same_rules(client, contact_form, request_data):
    data = request_data(
        organisation="Stadt\u202eBeispielhausen",
        contact_role="Integrations\u2028beauftragte",
        email="erika@localhost",
        measures="Fortbildungen\u2066",
    )
    response = client.post("/partner-werden/", data)
    form = response.context["form"]
    assert set(form.errors) == {"organisation", "contact_role", "email", "measures"}
    assert PartnerRequest.objects.count() == 0


def test_one_validator_per_kind():
    assert single_line_text != multi_line_text
    with pytest.raises(Exception, match="U\\+202E"):
        single_line_text("a\u202eb")
    multi_line_text("a\nb\tc")
