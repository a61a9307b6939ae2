"""The status page of a partner request: a link from the e-mails (each its own, only its
hash stored), the status the office sets in the admin, a question answered on the page, and
nothing after the purge."""

import datetime
import re

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contact.models import EARLIER_STATUS_TOKEN_SALT, Notification, PartnerRequest, StatusLink
from core.tokens import digest

from .helpers import token


@pytest.fixture
def partner_request(client, request_data):
    client.post(reverse("contact:partner_request"), request_data())
    return PartnerRequest.objects.get()


def _status_url(partner_request):
    """A new status link of the request (the address of an existing one cannot be read)."""
    return partner_request.new_status_url()


def _link_in(body):
    return re.search(r"https://portal\.example(/partner-werden/status/[^/\s]+/)", body)[1]


def _change(admin_client, partner_request, **fields):
    """Post the admin's change form with the request's current values and ``fields``."""
    data = {
        "status": partner_request.status,
        "assignee": "",
        "internal_notes": "",
        "category": partner_request.category_id,
        "region": partner_request.region,
        "question": partner_request.question,
        "signing_date": "",
        "signing_place": "",
        "decision_text": "",
        "notifications-TOTAL_FORMS": "0",
        "notifications-INITIAL_FORMS": "0",
        **fields,
    }
    url = reverse("admin:contact_partnerrequest_change", args=[partner_request.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    partner_request.refresh_from_db()


def _page(client, partner_request):
    response = client.get(_status_url(partner_request))
    assert response.status_code == 200
    return response.content.decode()


def test_confirmation_mail_carries_a_working_status_link(client, partner_request):
    confirmation = partner_request.notifications.get(kind="confirmation")
    body = confirmation.build_message().body
    link = _link_in(body)
    assert f"\nhttps://portal.example{link}\n" in body
    assert client.get(link).status_code == 200
    (stored,) = partner_request.status_links.all()
    assert stored.token_hash == digest(link.split("/")[-2])  # only the hash is kept


def test_each_mail_brings_its_own_link_and_the_earlier_ones_keep_working(client, partner_request):
    confirmation = partner_request.notifications.get(kind="confirmation")
    first, second = (_link_in(confirmation.build_message().body) for _ in range(2))
    assert first != second
    assert client.get(first).status_code == client.get(second).status_code == 200


def test_new_request_shows_received_with_name_and_reference_only(client, partner_request):
    html = _page(client, partner_request)
    assert "<h1>Stand Ihrer Anfrage</h1>" in html
    assert "<dd>Stadt Beispielhausen</dd>" in html
    assert f"<dd>{partner_request.reference}</dd>" in html
    assert '<strong class="request-status">Eingegangen</strong>' in html
    for private in [
        "erika@beispielhausen.example",
        "Erika Mustermann",
        "Integrationsbeauftragte",
        "0251 123456",
        "Fortbildungen zur interkulturellen",
        "Wir freuen uns auf die Zusammenarbeit",
        "www.beispielhausen.example",
    ]:
        assert private not in html


def test_page_is_private_uncached_unindexed_and_passes_no_referrer_elsewhere(
    client, partner_request
):
    response = client.get(_status_url(partner_request))
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert response.page_cache is False


@pytest.mark.parametrize(
    ("fields", "shown", "hidden"),
    [
        ({"status": "in_progress"}, ["In Prüfung"], ["Rückfrage des Ministeriums"]),
        (
            {"status": "question", "question": "Wie viele Beschäftigte haben Sie?"},
            ["Rückfrage", "<p>Wie viele Beschäftigte haben Sie?</p>", 'name="answer"'],
            [],
        ),
        (
            {"status": "accepted", "signing_date": "2030-05-14", "signing_place": "Düsseldorf"},
            [
                "Angenommen – Unterzeichnung geplant",
                "<dd>Dienstag, 14. Mai 2030</dd>",
                "<dd>Düsseldorf</dd>",
            ],
            [],
        ),
        ({"status": "accepted"}, ["Datum und Ort der Unterzeichnung stimmen wir"], []),
        (
            {"status": "rejected", "decision_text": "Leider passt Ihr Vorhaben nicht."},
            ["Abgelehnt", "<p>Leider passt Ihr Vorhaben nicht.</p>"],
            ["Unterzeichnung"],
        ),
    ],
)
def test_each_status_set_in_the_admin_shows_on_the_page(
    admin_client, client, partner_request, fields, shown, hidden
):
    _change(admin_client, partner_request, **fields)
    html = _page(client, partner_request)
    for text in shown:
        assert text in html
    for text in hidden:
        assert text not in html


def test_timeline_lists_every_status_change(admin_client, client, partner_request):
    _change(admin_client, partner_request, status="in_progress")
    _change(admin_client, partner_request, status="question", question="Wer unterzeichnet?")
    html = _page(client, partner_request)
    timeline = html[html.index('class="request-timeline"') :]
    assert (
        timeline.index("Eingegangen") < timeline.index("In Prüfung") < timeline.index("Rückfrage")
    )
    assert list(partner_request.status_changes.values_list("status", flat=True)) == [
        "new",
        "in_progress",
        "question",
    ]


def test_status_changes_in_the_admin_mail_the_organisation_through_the_worker(
    admin_client, client, partner_request
):
    call_command("send_pending_notifications")
    mail.outbox.clear()
    _change(admin_client, partner_request, status="in_progress", internal_notes="intern")
    _change(admin_client, partner_request, internal_notes="nur Notiz, kein neuer Status")
    assert mail.outbox == []  # never inside the request
    assert partner_request.notifications.filter(kind="status", state="pending").count() == 1
    call_command("send_pending_notifications")
    (status_mail,) = mail.outbox
    assert status_mail.to == ["erika@beispielhausen.example"]
    assert partner_request.reference in status_mail.subject
    assert client.get(_link_in(status_mail.body)).status_code == 200
    for typed in ["Beispielhausen", "Erika", "intern", "In Prüfung", "Fortbildungen"]:
        assert typed not in status_mail.body and typed not in status_mail.subject


def test_admin_actions_notify_the_organisation_too(admin_client, partner_request):
    changelist = reverse("admin:contact_partnerrequest_changelist")
    for action in ["mark_in_progress", "create_partner_drafts"]:
        admin_client.post(changelist, {"action": action, "_selected_action": [partner_request.pk]})
    partner_request.refresh_from_db()
    assert partner_request.status == "accepted"
    assert partner_request.notifications.filter(kind="status").count() == 2
    assert list(partner_request.status_changes.values_list("status", flat=True)) == [
        "new",
        "in_progress",
        "accepted",
    ]


def _ask(admin_client, partner_request, question="Wer unterzeichnet für Sie?"):
    _change(admin_client, partner_request, status="question", question=question)


def test_answer_on_the_page_is_saved_and_mailed_to_the_office(
    admin_client, client, partner_request, smtp
):
    _ask(admin_client, partner_request)
    url = _status_url(partner_request)
    response = client.post(
        url,
        {"answer": "Die Bürgermeisterin.", "homepage": "", "form_token": token("request-answer")},
    )
    assert response.status_code == 302
    assert response["Location"] == url
    partner_request.refresh_from_db()
    assert partner_request.answer == "Die Bürgermeisterin."
    assert partner_request.answered_at is not None
    assert partner_request.status == "question"
    answer = partner_request.notifications.get(kind="answer")
    assert answer.state == Notification.State.PENDING
    smtp.start()
    call_command("send_pending_notifications")
    answer.refresh_from_db()
    assert answer.state == Notification.State.SENT
    office = [
        message
        for recipients, message in smtp.messages
        if recipients == ["team@ministerium.example"]
    ]
    answer_mail = office[-1]
    assert answer_mail["Subject"].strip() == (  # the folded, encoded header parses with a space
        f"Antwort auf die Rückfrage zu {partner_request.reference}: Stadt Beispielhausen"
    )
    assert answer_mail["Reply-To"] == "erika@beispielhausen.example"
    body = answer_mail.get_content()
    assert "Wer unterzeichnet für Sie?" in body and "Die Bürgermeisterin." in body
    html = _page(client, partner_request)
    assert "Ihre Antwort ist am" in html and 'name="answer"' not in html
    assert "Die Bürgermeisterin." not in html  # what the organisation typed stays off the page


def test_answer_form_is_spam_protected_and_keeps_what_was_typed(
    admin_client, client, partner_request
):
    _ask(admin_client, partner_request)
    url = _status_url(partner_request)
    for data in [
        {"answer": "Schnell", "homepage": "", "form_token": token("request-answer", age=0)},
        {
            "answer": "Honig",
            "homepage": "http://spam.example",
            "form_token": token("request-answer"),
        },
        {"answer": "Fremd", "homepage": "", "form_token": token("partner-request")},
        {"answer": "", "homepage": "", "form_token": token("request-answer")},
    ]:
        response = client.post(url, data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "error-summary" in html
        if data["answer"]:
            assert f"{data['answer']}</textarea>" in html
    assert not partner_request.notifications.filter(kind="answer").exists()
    partner_request.refresh_from_db()
    assert partner_request.answered_at is None


def test_the_same_answer_form_is_taken_once(admin_client, client, partner_request):
    _ask(admin_client, partner_request)
    data = {"answer": "Einmal", "homepage": "", "form_token": token("request-answer")}
    assert client.post(_status_url(partner_request), data).status_code == 302
    response = client.post(_status_url(partner_request), data)
    assert response.status_code == 200
    assert partner_request.notifications.filter(kind="answer").count() == 1


def test_no_answer_without_an_open_question(client, partner_request):
    response = client.post(
        _status_url(partner_request),
        {"answer": "Ungefragt", "homepage": "", "form_token": token("request-answer")},
    )
    assert response.status_code == 200
    assert "keine Rückfrage offen" in response.content.decode()
    assert "Ungefragt</textarea>" in response.content.decode()  # nothing typed is lost
    partner_request.refresh_from_db()
    assert partner_request.answer == ""
    assert not partner_request.notifications.filter(kind="answer").exists()


def test_a_new_question_asks_for_a_new_answer(admin_client, client, partner_request):
    _ask(admin_client, partner_request)
    partner_request.save_answer("Erste Antwort")
    _ask(admin_client, partner_request, question="Und wann?")
    assert partner_request.answered_at is None and partner_request.answer == ""
    assert 'name="answer"' in _page(client, partner_request)


def _unknown(client, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Statuslink ungültig" in html
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    return response


def test_purged_request_has_a_dead_link(client, partner_request, settings):
    url = _status_url(partner_request)
    partner_request.status = PartnerRequest.Status.REJECTED
    partner_request.save()
    PartnerRequest.objects.filter(pk=partner_request.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=settings.SUBMISSION_RETENTION_DAYS + 1)
    )
    assert client.get(url).status_code == 200
    call_command("purge_submissions")
    _unknown(client, url)


def _earlier_link(partner_request, secret="das-alte-geheimnis"):
    """A status link as mailed before links were rows: the request's id and its secret,
    signed; the migration stored the secret's hash."""
    StatusLink.objects.create(partner_request=partner_request, token_hash=digest(secret))
    return reverse(
        "contact:partner_request_status",
        args=[signing.dumps([partner_request.pk, secret], salt=EARLIER_STATUS_TOKEN_SALT)],
    )


def test_links_mailed_before_keep_working(client, partner_request):
    html = client.get(_earlier_link(partner_request)).content.decode()
    assert partner_request.reference in html


@pytest.mark.parametrize(
    "tamper",
    [
        lambda url, pr: url.replace("/status/", "/status/x"),
        lambda url, pr: url[:-3] + "A/",
        lambda url, pr: url.replace(":", "", 1),  # the secret without its signature
        lambda url, pr: reverse(
            "contact:partner_request_status",
            args=[signing.dumps([pr.pk, "geraten"], salt=EARLIER_STATUS_TOKEN_SALT)],
        ),
        lambda url, pr: reverse(
            "contact:partner_request_status",
            args=[signing.dumps({"id": pr.pk}, salt=EARLIER_STATUS_TOKEN_SALT)],
        ),
        lambda url, pr: reverse(
            "contact:partner_request_status",
            args=[signing.dumps([pr.pk, "das-alte-geheimnis"], salt="anders")],
        ),
    ],
)
def test_tampered_or_forged_token_gets_a_german_404(client, partner_request, tamper):
    _earlier_link(partner_request)
    _unknown(client, tamper(_status_url(partner_request), partner_request))


def test_post_to_an_unknown_link_is_a_404_too(client, db):
    response = client.post(
        reverse("contact:partner_request_status", args=["kaputt"]), {"answer": "x"}
    )
    assert response.status_code == 404


def test_one_link_shows_only_its_own_request(client, partner_request, request_data):
    client.post(
        reverse("contact:partner_request"),
        request_data(organisation="Verein Anders", form_token=token("partner-request")),
    )
    other = PartnerRequest.objects.get(organisation="Verein Anders")
    html = _page(client, partner_request)
    assert "Verein Anders" not in html and other.reference not in html
    assert "Verein Anders" in _page(client, other)


def test_status_page_queries(client, admin_client, partner_request, django_assert_num_queries):
    _change(admin_client, partner_request, status="in_progress")
    url = _status_url(partner_request)
    client.get(url)
    with django_assert_num_queries(2):  # the request, its timeline
        assert client.get(url).status_code == 200


def test_answer_form_posts_with_the_csrf_check_on(admin_client, partner_request):
    """A browser posts the form from the page itself: its own origin, the form's token."""
    _ask(admin_client, partner_request)
    url = _status_url(partner_request)
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(url)
    response = browser.post(
        url,
        {
            "answer": "Mit Prüfung.",
            "homepage": "",
            "form_token": token("request-answer"),
            "csrfmiddlewaretoken": page.context["csrf_token"],
        },
        headers={"Origin": "http://testserver"},
    )
    assert response.status_code == 302
    partner_request.refresh_from_db()
    assert partner_request.answer == "Mit Prüfung."


def test_cross_site_post_without_csrf_token_is_refused(admin_client, partner_request):
    _ask(admin_client, partner_request)
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        _status_url(partner_request),
        {"answer": "Von woanders.", "homepage": "", "form_token": token("request-answer")},
        headers={"Origin": "https://angreifer.example"},
    )
    assert response.status_code == 403
    assert "Das Formular konnte nicht angenommen werden" in response.content.decode()
    partner_request.refresh_from_db()
    assert partner_request.answer == ""
    assert not partner_request.notifications.filter(kind="answer").exists()
