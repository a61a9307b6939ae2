"""The history of a partner: every admin change a version, compared and restored in one step."""

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from partners.models import Partner, Quote
from tests.helpers import admin_form_data


@pytest.fixture
def partner(make_partner):
    partner = make_partner(name="Stadt Altname")
    call_command("createinitialrevisions", "partners.Partner", comment="Ausgangsfassung")
    return partner


def change(client, partner, **changes):
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    data = admin_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def versions(partner):
    return list(Version.objects.get_for_object(partner).select_related("revision__user"))


def test_an_admin_change_is_a_version_with_who_and_what(admin_client, admin_user, partner):
    change(admin_client, partner, name="Stadt Neuname", **{"quotes-0-DELETE": "on"})

    newest, initial = versions(partner)
    assert initial.revision.comment == "Ausgangsfassung"
    assert newest.revision.user == admin_user
    comment = newest.revision.get_comment()
    assert "Name" in comment and "Zitat" in comment and "gelöscht" in comment
    assert newest.field_dict["name"] == "Stadt Neuname"
    # The version holds the inlines as they were: the quote is gone from this one only.
    assert not newest.revision.version_set.filter(content_type__model="quote").exists()
    assert initial.revision.version_set.filter(content_type__model="quote").count() == 1


def test_the_comparison_shows_both_names(admin_client, partner, django_assert_num_queries):
    change(admin_client, partner, name="Stadt Neuname")
    newest, initial = versions(partner)
    url = reverse("admin:partners_partner_compare", args=[partner.pk])
    query = {"version_id1": initial.pk, "version_id2": newest.pk}

    # Content types are cached per process: cleared, the count does not depend on test order.
    # The workflow's user fields are not compared, so their users are not read.
    ContentType.objects.clear_cache()
    with django_assert_num_queries(42):
        response = admin_client.get(url, query)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Stadt Altname" in html and "Stadt Neuname" in html
    assert "Ältere Version wiederherstellen" in html and "Name geändert" in html
    assert "style=" not in html and "<style" not in html


def test_the_comparison_reads_as_text_in_german(admin_client, admin_user, partner):
    change(admin_client, partner, commitment="<p>Wir bilden aus.</p><ul><li>Sprachkurse</li></ul>")
    change(
        admin_client,
        partner,
        commitment="<p>Wir bilden aus.</p><ul><li>Sprachkurse</li><li>Mentoring</li></ul>",
    )
    newest, older, _initial = versions(partner)
    url = reverse("admin:partners_partner_compare", args=[partner.pk])
    html = admin_client.get(
        url, {"version_id1": older.pk, "version_id2": newest.pk}
    ).content.decode()
    assert "<ins>– Mentoring</ins>" in html  # the list item as a reader sees it
    assert "&lt;li&gt;" not in html and "&lt;p&gt;" not in html
    assert "time since" not in html and "Dezember" in html
    assert "zuletzt bearbeitet von" not in html  # the workflow's bookkeeping stays in the list


def test_the_history_lists_the_versions_with_labelled_choices(admin_client, partner):
    change(admin_client, partner, name="Stadt Neuname")
    html = admin_client.get(
        reverse("admin:partners_partner_history", args=[partner.pk])
    ).content.decode()
    assert "Ausgangsfassung" in html and "Name geändert" in html
    assert 'aria-label="Ältere Version:' in html and 'aria-label="Neuere Version:' in html
    assert "style=" not in html and "<style" not in html


def restore(client, partner, version):
    url = reverse("admin:partners_partner_revision", args=[partner.pk, version.pk])
    response = client.post(url, admin_form_data(client.get(url)))
    assert response.status_code == 302
    return response


def test_restoring_brings_back_the_name_and_the_deleted_quote(admin_client, partner):
    quote_text = partner.quotes.get().text
    change(admin_client, partner, name="Stadt Neuname", **{"quotes-0-DELETE": "on"})
    assert not Quote.objects.filter(partner=partner).exists()
    initial = versions(partner)[-1]

    restore(admin_client, partner, initial)

    partner.refresh_from_db()
    assert partner.name == "Stadt Altname"
    assert list(partner.quotes.values_list("text", flat=True)) == [quote_text]
    restored, changed, first = versions(partner)
    assert restored.field_dict["name"] == "Stadt Altname"
    assert "Zu vorheriger Version zurückgesetzt" in restored.revision.comment
    assert restored.revision.version_set.filter(content_type__model="quote").count() == 1


def test_a_restored_name_shows_on_the_public_page_at_once(admin_client, partner, settings):
    settings.PAGE_CACHE_ENABLED = True
    visitor = Client()
    page = partner.get_absolute_url()
    visitor.get(page)
    assert visitor.get(page)["X-Page-Cache"] == "hit"
    change(admin_client, partner, name="Stadt Neuname")
    assert "Stadt Neuname" in visitor.get(page).content.decode()
    assert visitor.get(page)["X-Page-Cache"] == "hit"

    restore(admin_client, partner, versions(partner)[-1])

    response = visitor.get(page)
    assert response["X-Page-Cache"] == "miss"
    assert "Stadt Altname" in response.content.decode()


def test_approving_and_withdrawing_are_versions(admin_client, admin_user, make_partner, settings):
    settings.WORKFLOW_SELF_APPROVAL = True
    drafts = [make_partner(is_published=False), make_partner(is_published=False)]
    url = reverse("admin:partners_partner_changelist")
    selected = [draft.pk for draft in drafts]

    admin_client.post(url, {"action": "submit_for_approval", "_selected_action": selected})
    admin_client.post(url, {"action": "approve", "_selected_action": selected})
    admin_client.post(url, {"action": "withdraw", "_selected_action": selected[:1]})

    first, second = drafts
    assert [v.field_dict["is_published"] for v in versions(first)] == [False, True, False]
    assert [v.field_dict["is_published"] for v in versions(second)] == [True, False]
    withdrawn = versions(first)[0].revision
    assert withdrawn.user == admin_user
    assert withdrawn.comment == "Aktion: Zurückziehen (nicht mehr öffentlich)"
    # Each version is the whole partner: its signatories belong to the revision.
    assert withdrawn.version_set.filter(content_type__model="signatory").count() == 2


def test_the_deletion_page_alone_records_nothing(admin_client, make_partner):
    partner = make_partner()
    url = reverse("admin:partners_partner_changelist")
    response = admin_client.post(
        url, {"action": "delete_selected", "_selected_action": [partner.pk]}
    )
    assert response.status_code == 200 and Partner.objects.filter(pk=partner.pk).exists()
    assert versions(partner) == []


def staff_in(group):
    call_command("setup_roles", verbosity=0)
    user = User.objects.create_user(f"mitglied-{group.lower()}", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def test_the_editorial_team_sees_compares_and_restores(make_partner):
    # A draft: the editorial team changes drafts; published items are the approvers' (four eyes).
    partner = make_partner(name="Stadt Altname", is_published=False)
    call_command("createinitialrevisions", "partners.Partner", comment="Ausgangsfassung")
    editor = staff_in("Redaktion")
    change(editor, partner, name="Stadt Neuname")
    newest, initial = versions(partner)
    history = reverse("admin:partners_partner_history", args=[partner.pk])
    compare = reverse("admin:partners_partner_compare", args=[partner.pk])
    assert editor.get(history).status_code == 200
    query = {"version_id1": initial.pk, "version_id2": newest.pk}
    assert editor.get(compare, query).status_code == 200

    restore(editor, partner, initial)

    partner.refresh_from_db()
    assert partner.name == "Stadt Altname"


def test_staff_without_rights_on_partners_see_no_versions(partner):
    handler = staff_in("Anfragenbearbeitung")
    initial = versions(partner)[0]
    compare = reverse("admin:partners_partner_compare", args=[partner.pk])
    query = {"version_id1": initial.pk, "version_id2": initial.pk}
    assert handler.get(compare, query).status_code == 403
    history = reverse("admin:partners_partner_history", args=[partner.pk])
    assert handler.get(history).status_code == 403
    revision = reverse("admin:partners_partner_revision", args=[partner.pk, initial.pk])
    assert handler.post(revision, {"name": "Übernommen"}).status_code == 403


def test_the_comparison_libraries_words_are_german():
    from django.utils import translation

    with translation.override("de"):
        words = [translation.gettext(word) for word in ("add:", "remove:", "changed to:")]
    assert words == ["hinzugefügt:", "entfernt:", "geändert in:"]
