"""Measures go through the four-eyes workflow: Redaktion writes, only the Freigabe makes a
measure public (or applies a partner's proposed update to a public one), by no route else;
and only approved measures count anywhere numbers are shown."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from contact.models import Notification
from core.workflow import State
from measures.models import Measure, MeasureFigure, ReportingLink
from tests.measures.conftest import proposal_data

pytestmark = pytest.mark.usefixtures("form_limits")

CHANGELIST = reverse("admin:measures_measure_changelist")


def change_url(measure):
    return reverse("admin:measures_measure_change", args=[measure.pk])


def measure_post(measure, **extra):
    data = {
        "partner": measure.partner_id,
        "title": measure.title,
        "slug": measure.slug,
        "field_of_action": measure.field_of_action_id,
        "status": measure.status,
        "description": measure.description,
        "starts_on": "",
        "starts_on_precision": "unknown",
        "ends_on": "",
        "ends_on_precision": "unknown",
        "contact_name": "",
        "contact_email": "",
        "link": "",
        "figures-TOTAL_FORMS": "0",
        "figures-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


@pytest.fixture
def draft(make_measure):
    return make_measure(title="Mentoring im Entwurf", is_published=False)


def propose(client, partner, field, **changes):
    """A partner's proposal through its reporting link, as the form sends it."""
    _link, raw = ReportingLink.objects.create_for(partner)
    response = client.post(
        reverse("measures:report", kwargs={"token": raw}), proposal_data(field, **changes)
    )
    assert response.status_code == 302
    return Measure.objects.latest("pk")


def test_rows_created_published_outside_the_workflow_are_published(make_measure):
    assert make_measure().state == State.PUBLISHED
    assert make_measure(is_published=False).state == State.DRAFT


def test_setup_roles_lets_redaktion_write_measures_and_only_freigabe_publish(editor, approver):
    assert editor.has_perm("measures.change_measure")
    assert editor.has_perm("measures.add_reportinglink")
    assert not editor.has_perm("measures.publish_measure")
    assert approver.has_perm("measures.publish_measure")


def test_editor_submits_and_the_approver_publishes(client, draft, editor, approver):
    client.force_login(editor)
    response = client.post(change_url(draft), measure_post(draft, _workflow_submit="x"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.state, draft.submitted_by, draft.is_published) == (State.REVIEW, editor, False)
    rows = Notification.objects.filter(kind=Notification.Kind.APPROVAL)
    assert list(rows.values_list("recipient", flat=True)) == [approver.email]

    client.force_login(approver)
    client.post(CHANGELIST, {"action": "approve", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert (draft.state, draft.approved_by, draft.is_published) == (
        State.PUBLISHED,
        approver,
        True,
    )
    assert draft.published_at is not None
    assert client.get(draft.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("action", ["approve", "publish", "withdraw", "apply_updates"])
def test_editor_cannot_publish_by_an_admin_action(client, draft, editor, action):
    draft.transition("submit", editor)
    client.force_login(editor)
    client.post(CHANGELIST, {"action": action, "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.state == State.REVIEW and not draft.is_published


def test_editor_cannot_publish_through_the_change_form(client, draft, editor):
    client.force_login(editor)
    client.post(
        change_url(draft),
        measure_post(draft, is_published="on", state="published", _workflow_approve="x"),
    )
    client.post(change_url(draft), measure_post(draft, is_published="on", state="published"))
    draft.refresh_from_db()
    assert draft.state == State.DRAFT and not draft.is_published
    assert draft.edited_by == editor


def test_editor_cannot_publish_through_the_add_form(client, editor, make_partner, field):
    client.force_login(editor)
    data = measure_post(
        Measure(
            partner=make_partner(),
            title="Neu",
            slug="neu",
            field_of_action=field,
            status="laufend",
            description="Text.",
        ),
        is_published="on",
        state="published",
    )
    add = reverse("admin:measures_measure_add")
    refused = client.post(add, {**data, "_workflow_approve": "x"}).content.decode()
    assert "Freigeben, Ablehnen und Zurückziehen darf nur die Freigabe." in refused
    assert not Measure.objects.filter(slug="neu").exists()
    response = client.post(reverse("admin:measures_measure_add"), data)
    assert response.status_code == 302
    measure = Measure.objects.get(slug="neu")
    assert measure.state == State.DRAFT and not measure.is_published


def test_an_editors_change_of_a_published_measure_waits_for_the_freigabe(
    client, make_measure, editor, approver
):
    live = make_measure(title="Öffentlich")
    client.force_login(editor)
    response = client.post(change_url(live), measure_post(live, title="Geändert"))
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.title == "Öffentlich" and live.state == State.PUBLISHED
    assert "Öffentlich" in client.get(live.get_absolute_url()).content.decode()
    pending_url = reverse("admin:measures_measure_pending", args=[live.pk])
    assert client.post(pending_url, {"decision": "approve"}).status_code == 403
    live.refresh_from_db()
    assert live.title == "Öffentlich"

    client.force_login(approver)
    assert "Geändert" in client.get(pending_url).content.decode()
    assert client.post(pending_url, {"decision": "approve"}).status_code == 302
    live.refresh_from_db()
    assert (live.title, live.state, live.approved_by) == ("Geändert", State.PUBLISHED, approver)


def test_a_partners_proposal_waits_for_the_freigabe_who_is_told_by_email(
    client, make_partner, field, editor, approver
):
    measure = propose(client, make_partner(), field)
    assert (measure.state, measure.is_published) == (State.REVIEW, False)
    assert client.get(reverse("measures:list")).content.decode().count("Sprachcafé") == 0
    call_command("send_pending_notifications", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [[approver.email]]
    assert mail.outbox[0].subject == "Zur Freigabe: Sprachcafé im Bürgeramt"
    assert change_url(measure) in mail.outbox[0].body

    client.force_login(approver)
    desk = client.get(reverse("admin:index")).content.decode()
    waiting = desk[desk.index("Wartet auf meine Freigabe") :]
    assert "Sprachcafé im Bürgeramt" in waiting
    assert f"{CHANGELIST}?meine=freigabe" in desk


def test_approving_a_proposed_update_is_refused_the_freigabe_applies_it(
    client, make_measure, field, approver
):
    measure = make_measure(title="Mentoring")
    proposal = propose(
        client, measure.partner, field, update_of=str(measure.pk), title="Mentoring neu"
    )
    assert proposal.state == State.REVIEW
    client.force_login(approver)
    response = client.post(
        CHANGELIST, {"action": "approve", "_selected_action": [proposal.pk]}, follow=True
    )
    assert "mit der Aktion „Änderungsvorschläge übernehmen“" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == State.REVIEW and not proposal.is_published

    client.post(CHANGELIST, {"action": "apply_updates", "_selected_action": [proposal.pk]})
    measure.refresh_from_db()
    assert (measure.title, measure.state, measure.approved_by) == (
        "Mentoring neu",
        State.PUBLISHED,
        approver,
    )
    assert not Measure.objects.filter(pk=proposal.pk).exists()
    versions = client.get(reverse("admin:measures_measure_history", args=[measure.pk]))
    assert "Änderungsvorschlag übernommen" in versions.content.decode()


def test_an_update_submitted_by_the_approver_is_not_applied_by_the_same_person(
    client, make_measure, approver, settings
):
    measure = make_measure(title="Mentoring")
    update = make_measure(
        partner=measure.partner, title="Mentoring neu", update_of=measure, is_published=False
    )
    update.transition("submit", approver)
    client.force_login(approver)
    response = client.post(
        CHANGELIST, {"action": "apply_updates", "_selected_action": [update.pk]}, follow=True
    )
    assert "Vier-Augen-Prinzip" in response.content.decode()
    measure.refresh_from_db()
    assert measure.title == "Mentoring"

    settings.WORKFLOW_SELF_APPROVAL = True
    client.post(CHANGELIST, {"action": "apply_updates", "_selected_action": [update.pk]})
    measure.refresh_from_db()
    assert measure.title == "Mentoring neu"


def test_a_draft_update_is_not_applied_before_it_is_submitted(client, make_measure, approver):
    measure = make_measure(title="Mentoring")
    update = make_measure(
        partner=measure.partner, title="Mentoring neu", update_of=measure, is_published=False
    )
    client.force_login(approver)
    client.post(CHANGELIST, {"action": "apply_updates", "_selected_action": [update.pk]})
    measure.refresh_from_db()
    assert measure.title == "Mentoring"


def map_numbers(client):
    """{district: (partners, measures)} from the map's table."""
    html = client.get(reverse("partners:map")).content.decode()
    rows = re.findall(
        r'<tr><th scope="row"><a href="[^"]*">([^<]+)</a></th>'
        r'<td class="text-end">(\d+)</td><td class="text-end">(\d+)</td></tr>',
        html,
    )
    return {name: (int(partners), int(measures)) for name, partners, measures in rows}


def test_the_map_counts_published_measures_per_region_beside_the_partners(
    client, make_partner, make_measure, field
):
    koeln = make_partner(region="koeln")
    make_measure(partner=koeln)
    make_measure(partner=koeln)
    make_measure(partner=koeln, is_published=False)
    make_measure(partner=make_partner(region="koeln", is_published=False))
    statewide = make_partner(region="landesweit")
    make_measure(partner=statewide)
    propose(client, koeln, field)
    numbers = map_numbers(client)
    assert numbers["Köln"] == (1, 2)
    assert numbers["landesweit"] == (1, 1)
    html = client.get(reverse("partners:map")).content.decode()
    assert "1 Partner, 2 Maßnahmen im Regierungsbezirk Köln – im Verzeichnis anzeigen" in html
    assert ">2 Maßnahmen</tspan>" in html
    assert "Karte: Partner und Maßnahmen je Regierungsbezirk" in html
    assert "Die Farbe eines Regierungsbezirks zeigt die Zahl seiner Partner:" in html
    assert (
        '<tr><th scope="row">Zusammen</th><td class="text-end">2</td>'
        '<td class="text-end">3</td></tr>'
    ) in html


def test_statistics_count_only_approved_measures(client, make_partner, make_measure, field):
    partner = make_partner()
    make_measure(partner=partner)
    propose(client, partner, field)
    make_measure(partner=partner, is_published=False)
    html = client.get(reverse("partners:statistics")).content.decode()
    # All three are running; the chart counts the approved one.
    assert "Balkendiagramm. laufend: 1 Maßnahme." in html


def test_the_yearly_summary_shows_measures_started_and_completed_with_figures_summed(
    client, make_partner, make_measure
):
    partner = make_partner(signed_on=datetime.date(2015, 5, 28))
    make_measure(
        partner=partner,
        title="Mentoring begonnen",
        starts_on=datetime.date(2023, 9, 1),
        figures=[("Auszubildende", 12, "Personen"), ("Kurse", 3, "")],
    )
    make_measure(
        partner=partner,
        title="Sprachkurs abgeschlossen",
        status=Measure.Status.COMPLETED,
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2023, 6, 1),
        ends_on_precision="month",
        figures=[("Teilnehmende", 30, "Personen"), ("Kurse", 2, "")],
    )
    make_measure(
        partner=partner,
        title="Beides im Jahr",
        status=Measure.Status.COMPLETED,
        starts_on=datetime.date(2023, 1, 1),
        ends_on=datetime.date(2023, 12, 1),
        ends_on_precision="month",
        figures=[("Teilnehmende", 5, "Personen")],
    )
    make_measure(
        partner=partner,
        title="Noch nicht freigegeben",
        starts_on=datetime.date(2023, 2, 1),
        is_published=False,
        figures=[("Teilnehmende", 1000, "Personen")],
    )
    response = client.get(reverse("year_review", args=[2023]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 Maßnahmen begonnen" in html and "2 Maßnahmen abgeschlossen" in html
    started = html[html.index("Maßnahmen begonnen") : html.index("Maßnahmen abgeschlossen")]
    assert "Mentoring begonnen" in started and "Beides im Jahr" in started
    assert "Sprachkurs abgeschlossen" not in started
    assert "Noch nicht freigegeben" not in html
    figures = re.findall(
        r'<tr><th scope="row">([^<]+)</th><td class="text-end">(\d+)</td></tr>', html
    )
    assert figures == [("Kurse", "5"), ("Personen", "47")]
    assert client.get(reverse("year_review", args=[2021])).status_code == 200


def test_figures_of_a_proposal_count_nowhere_before_approval(client, make_partner, field):
    partner = make_partner()
    propose(client, partner, field, start_year="2024")
    assert MeasureFigure.objects.filter(value=40).exists()
    assert client.get(reverse("year_review", args=[2024])).status_code == 404
