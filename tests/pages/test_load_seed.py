from django.core.management import call_command

from pages.models import Page
from partners.models import Partner
from press.models import PressItem


def test_load_seed_fills_an_empty_database_and_keeps_later_edits(db, capsys):
    call_command("load_seed", verbosity=0)
    assert Partner.objects.published().count() == 23
    assert PressItem.objects.count() == 1
    assert Page.objects.filter(slug="impressum").exists()
    Partner.objects.filter(slug="kreis-lippe").update(name="Kreis Lippe (geändert)")
    call_command("load_seed", verbosity=0)
    assert Partner.objects.get(slug="kreis-lippe").name == "Kreis Lippe (geändert)"
    assert "partners: vorhanden" in capsys.readouterr().out
    call_command("load_seed", force=True, verbosity=0)
    assert Partner.objects.get(slug="kreis-lippe").name == "Kreis Lippe"
    assert Partner.objects.count() == 23
