"""Every input of a form has a name of its own: the split date and time inputs (the project's
form renderer) and the fields in the rows of a tabular inline (the admin's template)."""

import re

from django import forms
from django.urls import reverse

from partners.models import Partner


def test_date_and_time_inputs_each_name_the_field_in_every_form():
    class Appointment(forms.Form):
        start = forms.SplitDateTimeField(label="Beginn")

    html = str(Appointment()["start"])
    assert 'aria-label="Beginn – Datum"' in html
    assert 'aria-label="Beginn – Zeit"' in html


def test_admin_date_and_time_inputs_are_named_each(admin_client):
    html = admin_client.get(reverse("admin:press_eventnotice_add")).content.decode()
    assert 'id="id_start_0"' in html
    for field, label in [("start", "Beginn"), ("publish_at", "Öffentlich ab")]:
        inputs = re.findall(rf'<input[^>]*id="id_{field}_[01]"[^>]*>', html)
        assert len(inputs) == 2, field
        assert f'aria-label="{label} – Datum"' in inputs[0]
        assert f'aria-label="{label} – Zeit"' in inputs[1]


def test_a_date_field_called_datum_is_not_named_twice(admin_client):
    html = admin_client.get(reverse("admin:press_pressrelease_add")).content.decode()
    date, time = re.findall(r'<input[^>]*id="id_dated_at_[01]"[^>]*>', html)
    assert 'aria-label="Datum"' in date
    assert 'aria-label="Datum – Zeit"' in time


def test_each_field_in_a_tabular_inline_row_has_a_label(admin_client, seed):
    partner = Partner.objects.filter(signatories__isnull=False).first()
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    html = admin_client.get(url).content.decode()
    for field in ["name", "role", "side", "role_in_signing", "order", "DELETE"]:
        assert re.search(
            rf'<label class="visually-hidden" for="id_signatories-0-{field}">[^<]+</label>', html
        ), field
