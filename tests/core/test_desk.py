"""The admin start page is the office's desk."""

from django.urls import reverse

from contact.models import ContactMessage
from links.models import CheckedLink, Result

INDEX = reverse("admin:index")


def blocks(response):
    return {block.key: block for block in response.context["desk"]["blocks"]}


def test_approver_sees_what_waits_for_approval_but_not_own_submission(
    client, make_partner, editor, approver, django_assert_num_queries
):
    theirs = make_partner(name="Stadt Eingereicht", is_published=False)
    theirs.transition("submit", editor)
    mine = make_partner(name="Stadt Selbst", is_published=False)
    mine.transition("submit", approver)
    client.force_login(approver)
    client.get(INDEX)  # the session's and permissions' first reads
    # Among them two per kind with the workflow (waiting, drafts): partners, press items,
    # pages, measures; and the two blocks of pending changes (awaiting me, mine).
    with django_assert_num_queries(23):
        response = client.get(INDEX)
    waiting = blocks(response)["freigabe"]
    assert waiting.count == 1
    html = response.content.decode()
    assert "Wartet auf meine Freigabe (1)" in html
    assert "Stadt Eingereicht" in html
    assert reverse("admin:partners_partner_changelist") + "?meine=freigabe" in html


def test_editor_sees_own_drafts_new_messages_broken_links_and_empty_states(
    client, make_partner, editor, django_user_model
):
    client.force_login(editor)
    client.post(
        reverse("admin:pages_page_add"),
        {"slug": "neu", "title": "Neue Seite", "description": "", "content": "<p>x</p>"},
    )
    CheckedLink.objects.create(url="https://kaputt.example/", result=Result.BROKEN)
    response = client.get(INDEX)
    desk = blocks(response)
    assert "freigabe" not in desk  # Redaktion approves nothing
    assert desk["entwuerfe"].count == 1
    assert desk["links"].count == 1
    assert "eingang" not in desk  # no permission on requests and messages
    html = response.content.decode()
    assert "Neue Seite" in html and "Nichts ist zur Veröffentlichung geplant." in html
    assert "Letzte Änderungen" in html


def test_new_messages_show_for_request_handling(client, make_staff):
    ContactMessage.objects.create(
        name="Ada", email="ada@example.org", subject="Frage", message="Hallo"
    )
    client.force_login(make_staff("Anfragenbearbeitung"))
    desk = blocks(client.get(INDEX))
    assert desk["eingang"].count == 1
