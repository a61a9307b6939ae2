"""Editorial pages keep their history: an edit is a version, an earlier one is restored."""

from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from pages.models import Page
from tests.helpers import admin_form_data


def test_a_page_edit_is_a_version_and_is_restored(admin_client, admin_user, db):
    page = Page.objects.create(slug="impressum", title="Impressum", content="<p>Alt</p>")
    call_command("createinitialrevisions", "pages.Page", comment="Ausgangsfassung")
    url = reverse("admin:pages_page_change", args=[page.pk])
    data = admin_form_data(admin_client.get(url))
    data["content"] = "<p>Neu</p>"
    assert admin_client.post(url, data).status_code == 302
    newest, initial = Version.objects.get_for_object(page)
    assert newest.revision.user == admin_user
    assert newest.field_dict["content"] == "<p>Neu</p>"

    compare = reverse("admin:pages_page_compare", args=[page.pk])
    html = admin_client.get(compare, {"version_id1": initial.pk, "version_id2": newest.pk})
    assert "Alt" in html.content.decode() and "Neu" in html.content.decode()

    revision = reverse("admin:pages_page_revision", args=[page.pk, initial.pk])
    assert (
        admin_client.post(revision, admin_form_data(admin_client.get(revision))).status_code == 302
    )
    page.refresh_from_db()
    assert page.content == "<p>Alt</p>"
    assert Version.objects.get_for_object(page).count() == 3
    assert "<p>Alt</p>" in admin_client.get("/impressum/").content.decode()
