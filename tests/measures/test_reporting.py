import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from contact.models import Notification
from core.tokens import digest
from core.workflow import State
from measures.models import Measure, ReportingCall, ReportingLink
from tests.contact.helpers import token
from tests.measures.conftest import proposal_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("form_limits")]


@pytest.fixture
def link(make_partner):
    return ReportingLink.objects.create_for(make_partner(name="Stadt Berichtshausen"))


def test_proposal_waits_for_approval_and_is_not_public_until_the_freigabe_approves(
    client, admin_client, link, field
):
    reporting_link, raw = link
    url = reverse("measures:report", kwargs={"token": raw})
    page = client.get(url)
    assert page.status_code == 200
    assert "Stadt Berichtshausen" in page.content.decode()
    response = client.post(url, proposal_data(field))
    assert response.status_code == 302
    assert response["Location"] == reverse("measures:report_thanks", kwargs={"token": raw})
    measure = Measure.objects.get(title="Sprachcafé im Bürgeramt")
    assert (measure.state, measure.is_published) == (State.REVIEW, False)
    assert measure.submitted_at is not None and measure.submitted_by is None
    assert measure.proposed_via == reporting_link
    assert measure.partner == reporting_link.partner
    assert measure.starts_on == datetime.date(2025, 3, 1)
    assert measure.starts_on_precision == "month"
    assert [(f.label, f.value, f.unit) for f in measure.figures.all()] == [
        ("Teilnehmende", 40, "Personen")
    ]
    assert "Sprachcafé" not in client.get(reverse("measures:list")).content.decode()
    assert client.get(reverse("measures:detail", args=[measure.slug])).status_code == 404
    changelist = admin_client.get(
        reverse("admin:measures_measure_changelist") + "?herkunft=vorschlag"
    )
    assert "Sprachcafé im Bürgeramt" in changelist.content.decode()

    admin_client.post(
        reverse("admin:measures_measure_changelist"),
        {"action": "approve", "_selected_action": [measure.pk]},
    )
    assert "Sprachcafé im Bürgeramt" in client.get(reverse("measures:list")).content.decode()
    partner_page = client.get(reporting_link.partner.get_absolute_url()).content.decode()
    assert measure.get_absolute_url() in partner_page


def test_a_proposed_update_is_applied_by_staff(client, admin_client, make_measure, field):
    measure = make_measure(title="Mentoring")
    _link, raw = ReportingLink.objects.create_for(measure.partner)
    url = reverse("measures:report", kwargs={"token": raw})
    form = client.get(url + f"?massnahme={measure.slug}").context["form"]
    assert form.initial["title"] == "Mentoring" and form.initial["update_of"] == measure.pk
    data = proposal_data(
        field,
        update_of=str(measure.pk),
        title="Mentoring",
        status="abgeschlossen",
        end_year="2025",
        figure_1_label="Auszubildende",
        figure_1_value="15",
    )
    assert client.post(url, data).status_code == 302
    measure.refresh_from_db()
    assert measure.status == "laufend"  # nothing changes before staff apply it
    proposal = Measure.objects.get(update_of=measure)
    admin_client.post(
        reverse("admin:measures_measure_changelist"),
        {"action": "apply_updates", "_selected_action": [proposal.pk]},
    )
    measure.refresh_from_db()
    assert measure.status == "abgeschlossen" and measure.completed_at is not None
    assert [(f.label, f.value) for f in measure.figures.all()] == [("Auszubildende", 15)]
    assert not Measure.objects.filter(update_of=measure).exists()


def test_an_update_can_only_name_the_partners_own_measures(client, link, make_measure, field):
    other = make_measure()
    _reporting_link, raw = link
    response = client.post(
        reverse("measures:report", kwargs={"token": raw}), proposal_data(field, update_of=other.pk)
    )
    assert response.status_code == 200
    assert "Bitte wählen Sie eine Ihrer Maßnahmen." in response.content.decode()
    assert not Measure.objects.filter(update_of=other).exists()


@pytest.mark.parametrize(
    "change",
    [
        {"revoked_at": timezone.now()},
        {"expires_at": timezone.now() - datetime.timedelta(days=1)},
        {"token_hash": "0" * 64},
    ],
)
def test_expired_revoked_or_unknown_link_is_refused_in_german(client, link, field, change):
    reporting_link, raw = link
    ReportingLink.objects.filter(pk=reporting_link.pk).update(**change)
    url = reverse("measures:report", kwargs={"token": raw})
    response = client.get(url)
    assert response.status_code == 404
    assert "Berichtslink ungültig" in response.content.decode()
    assert response["Referrer-Policy"] == "same-origin"
    assert client.post(url, proposal_data(field)).status_code == 404
    assert not Measure.objects.exists()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda raw: "x" * 43,
        lambda raw: raw[:-1] + ("A" if raw[-1] != "A" else "B"),
        lambda raw: raw.split(":", 1)[0],  # the secret without its signature
    ],
)
def test_unknown_or_altered_token_is_refused(client, link, tamper):
    _reporting_link, raw = link
    response = client.get(reverse("measures:report", kwargs={"token": tamper(raw)}))
    assert response.status_code == 404
    assert "Berichtslink ungültig" in response.content.decode()


def test_links_made_before_tokens_were_signed_keep_working(client, link):
    reporting_link, _raw = link
    earlier = "e" * 43  # a bare secret, as links were made before
    ReportingLink.objects.filter(pk=reporting_link.pk).update(token_hash=digest(earlier))
    assert client.get(ReportingLink.path(earlier)).status_code == 200


def test_proposal_form_posts_with_the_csrf_check_on_and_refuses_other_sites(link, field):
    from django.test import Client

    _reporting_link, raw = link
    url = ReportingLink.path(raw)
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(url)
    assert page["Referrer-Policy"] == "same-origin"
    foreign = browser.post(
        url, proposal_data(field), headers={"Origin": "https://angreifer.example"}
    )
    assert foreign.status_code == 403
    assert "Das Formular konnte nicht angenommen werden" in foreign.content.decode()
    assert not Measure.objects.exists()
    data = proposal_data(field, csrfmiddlewaretoken=page.context["csrf_token"])
    assert browser.post(url, data, headers={"Origin": "http://testserver"}).status_code == 302
    assert Measure.objects.count() == 1


def test_the_link_expires_after_the_configured_days(settings, make_partner):
    settings.REPORTING_LINK_DAYS = 10
    link, _raw = ReportingLink.objects.create_for(make_partner())
    days = (link.expires_at - timezone.now()).days
    assert days == 9  # a moment less than ten days from now


def test_only_the_tokens_hash_is_stored(link):
    reporting_link, raw = link
    assert raw not in reporting_link.token_hash and len(reporting_link.token_hash) == 64


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda: {"homepage": "https://spam.example"}, "verstecktes Prüffeld"),
        (lambda: {"form_token": token("measure-proposal", age=0)}, "ungewöhnlich schnell"),
        (lambda: {"form_token": token("contact-message")}, "konnte nicht geprüft werden"),
    ],
)
def test_spam_checks_apply_and_keep_the_input(client, link, field, change, message):
    _reporting_link, raw = link
    response = client.post(
        reverse("measures:report", kwargs={"token": raw}), proposal_data(field, **change())
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Sprachcafé im Bürgeramt" in html
    assert not Measure.objects.exists()


def test_a_form_token_is_good_for_one_proposal(client, link, field):
    _reporting_link, raw = link
    url = reverse("measures:report", kwargs={"token": raw})
    data = proposal_data(field)
    assert client.post(url, data).status_code == 302
    assert "bereits abgeschickt" in client.post(url, data).content.decode()
    assert Measure.objects.count() == 1


def test_bad_input_gets_german_messages(client, link, field):
    _reporting_link, raw = link
    response = client.post(
        reverse("measures:report", kwargs={"token": raw}),
        proposal_data(field, title="", start_year="20x5", end_year="2020", figure_2_value="3"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte geben Sie einen Titel an." in html
    assert "Bitte geben Sie das Jahr mit vier Ziffern an" in html
    assert "Bitte geben Sie die Bezeichnung an." in html
    assert not Measure.objects.exists()


def _link_in(body):
    return next(line for line in body.splitlines() if "/berichten/" in line).strip()


def test_admin_action_queues_the_link_and_the_worker_sends_it(
    admin_client, client, make_partner, settings
):
    settings.PORTAL_URL = "https://portal.example"
    partner = make_partner()
    changelist = reverse("admin:partners_partner_changelist")
    form = admin_client.post(
        changelist, {"action": "create_reporting_link", "_selected_action": [partner.pk]}
    )
    assert "E-Mail-Adresse des Partners" in form.content.decode()
    response = admin_client.post(
        changelist,
        {
            "action": "create_reporting_link",
            "_selected_action": [partner.pk],
            "email": "integration@stadt.example",
            "apply": "1",
        },
        follow=True,
    )
    link = ReportingLink.objects.get(partner=partner)
    assert link.email == "integration@stadt.example"
    assert "wird an integration@stadt.example gesendet" in response.content.decode()
    assert "/berichten/" not in response.content.decode()
    assert mail.outbox == []  # never inside the request
    (queued,) = Notification.objects.filter(kind="link")
    assert (queued.item, queued.recipient, queued.state) == (link, link.email, "pending")

    call_command("send_pending_notifications")
    (sent,) = mail.outbox
    assert sent.to == ["integration@stadt.example"]
    url = _link_in(sent.body)
    assert url.startswith("https://portal.example/berichten/")
    assert ReportingLink.objects.from_token(url.rstrip("/").rsplit("/", 1)[1]) == link
    assert client.get(url.removeprefix("https://portal.example")).status_code == 200


def test_admin_action_without_address_shows_the_link_once(admin_client, client, make_partner):
    partner = make_partner()
    response = admin_client.post(
        reverse("admin:partners_partner_changelist"),
        {
            "action": "create_reporting_link",
            "_selected_action": [partner.pk],
            "email": "",
            "apply": "1",
        },
        follow=True,
    )
    url = re.search(r"href='(http://testserver/berichten/[^']+)'", response.content.decode())[1]
    assert client.get(url).status_code == 200
    assert not Notification.objects.exists() and mail.outbox == []


def test_annual_call_once_within_300_days(admin_client, make_partner):
    known, unknown = make_partner(), make_partner()
    ReportingLink.objects.create_for(known, "alt@partner.example")
    changelist = reverse("admin:partners_partner_changelist")
    data = {"action": "send_annual_call", "_selected_action": [known.pk, unknown.pk]}
    admin_client.post(changelist, data)
    assert mail.outbox == []
    call = ReportingCall.objects.get()
    assert call.link_count == 1
    assert ReportingLink.objects.filter(partner=known).count() == 2
    assert Notification.objects.get(kind="link").item == call.links.get()
    call_command("send_pending_notifications")
    assert [m.to for m in mail.outbox] == [["alt@partner.example"]]
    assert "einmal im Jahr" in mail.outbox[0].body
    response = admin_client.post(changelist, data, follow=True)
    assert "Ein neuer ist erst 300 Tage danach möglich" in response.content.decode()
    assert Notification.objects.filter(kind="link").count() == 1


TYPED = (
    "Erste Zeile\r\nzweite Zeile\r\n\r\n"
    '<script>alert(1)</script> <a href="https://evil.example/">Link</a> & www.beispiel.de'
)


def test_what_a_partner_types_becomes_paragraphs_and_stays_text(client, admin_client, link, field):
    reporting_link, raw = link
    url = reverse("measures:report", kwargs={"token": raw})
    form = client.get(url).content.decode()
    assert 'name="description"' in form and "prose-editor" not in form

    assert client.post(url, proposal_data(field, description=TYPED)).status_code == 302
    measure = Measure.objects.get(proposed_via=reporting_link)
    assert measure.description == (
        "<p>Erste Zeile<br>zweite Zeile</p>"
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; "
        '&lt;a href="https://evil.example/"&gt;Link&lt;/a&gt; &amp; www.beispiel.de</p>'
    )
    assert measure.description_text == TYPED.replace("\r\n", "\n")

    admin_client.post(
        reverse("admin:measures_measure_changelist"),
        {"action": "approve", "_selected_action": [measure.pk]},
    )
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "<p>Erste Zeile<br>zweite Zeile</p>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert '<a href="https://evil.example/"' not in page


def test_a_refused_proposal_keeps_the_description_as_typed(client, link, field):
    _reporting_link, raw = link
    response = client.post(
        reverse("measures:report", kwargs={"token": raw}),
        proposal_data(field, description=TYPED, title=""),
    )
    assert response.status_code == 200
    assert "Bitte geben Sie einen Titel an." in response.content.decode()
    assert response.context["form"]["description"].value() == TYPED
    assert not Measure.objects.exists()


def test_a_description_over_5000_characters_is_refused_in_german(client, link, field):
    _reporting_link, raw = link
    response = client.post(
        reverse("measures:report", kwargs={"token": raw}),
        proposal_data(field, description="x" * 5001),
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["description"]
    assert "höchstens 5000 Zeichen" in error and "5001" in error
    assert not Measure.objects.exists()


def test_an_update_starts_from_the_plain_text_and_keeps_the_paragraphs(
    client, admin_client, make_measure, field
):
    html = "<p>Erster Absatz.</p><p>Zweiter Absatz<br>mit Zeilenumbruch &amp; mehr.</p>"
    measure = make_measure(title="Mentoring", description=html)
    _link, raw = ReportingLink.objects.create_for(measure.partner)
    url = reverse("measures:report", kwargs={"token": raw})
    page = client.get(url, {"massnahme": measure.slug})
    text = "Erster Absatz.\n\nZweiter Absatz\nmit Zeilenumbruch & mehr."
    assert page.context["form"].initial["description"] == text
    assert "mit Zeilenumbruch &amp; mehr.</textarea>" in page.content.decode()

    data = proposal_data(field, update_of=str(measure.pk), title="Mentoring", description=text)
    assert client.post(url, data).status_code == 302
    admin_client.post(
        reverse("admin:measures_measure_changelist"),
        {
            "action": "apply_updates",
            "_selected_action": [Measure.objects.get(update_of=measure).pk],
        },
    )
    measure.refresh_from_db()
    assert measure.description == html


def test_the_partner_sees_its_own_proposals_waiting_for_review(
    client, admin_client, make_partner, make_measure, field
):
    partner = make_partner(name="Stadt Berichtshausen")
    published = make_measure(partner=partner, title="Längst öffentlich")
    office_draft = make_measure(partner=partner, title="Entwurf der Redaktion", is_published=False)
    _link, raw = ReportingLink.objects.create_for(partner)
    url = reverse("measures:report", kwargs={"token": raw})
    client.post(url, proposal_data(field, title="Neues Sprachcafé"))
    client.post(
        url,
        proposal_data(
            field, title="Längst öffentlich", update_of=str(published.pk), status="abgeschlossen"
        ),
    )
    new = Measure.objects.get(title="Neues Sprachcafé")

    page = client.get(url).content.decode()
    waiting = page[page.index('id="waiting-title"') : page.index('id="vorschlag"')]
    assert "Neues Sprachcafé" in waiting
    assert "Änderung zu „Längst öffentlich“" in waiting
    assert waiting.count("wartet auf Prüfung durch die Geschäftsstelle") == 2
    assert office_draft.title not in page
    published_list = page[page.index('id="published-title"') : page.index('id="waiting-title"')]
    assert "Neues Sprachcafé" not in published_list

    _other_link, other_raw = ReportingLink.objects.create_for(make_partner(name="Kreis Anders"))
    other = client.get(reverse("measures:report", kwargs={"token": other_raw})).content.decode()
    assert "Neues Sprachcafé" not in other and "wartet auf Prüfung" not in other
    for public in (reverse("measures:list"), partner.get_absolute_url()):
        assert "Neues Sprachcafé" not in client.get(public).content.decode()

    admin_client.post(
        reverse("admin:measures_measure_changelist"),
        {"action": "approve", "_selected_action": [new.pk]},
    )
    page = client.get(url).content.decode()
    published_list = page[page.index('id="published-title"') : page.index('id="waiting-title"')]
    assert f'<a href="{new.get_absolute_url()}">Neues Sprachcafé</a>' in published_list
    assert page.count("wartet auf Prüfung durch die Geschäftsstelle") == 1


def test_a_withdrawn_proposal_no_longer_waits(client, admin_client, link, field):
    reporting_link, raw = link
    url = reverse("measures:report", kwargs={"token": raw})
    client.post(url, proposal_data(field))
    measure = Measure.objects.get(proposed_via=reporting_link)
    Measure.objects.filter(pk=measure.pk).update(state=State.WITHDRAWN)
    assert "wartet auf Prüfung" not in client.get(url).content.decode()
