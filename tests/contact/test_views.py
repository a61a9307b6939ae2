"""The public pages: "Partner werden", "Kontakt", the thank-you pages, the privacy notice."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from contact.models import Document, PartnerRequest
from pages.models import Page
from tests.helpers import PDF_BYTES, pdf_upload


@pytest.fixture
def privacy_page(db):
    call_command("loaddata", "pages", verbosity=0)
    return Page.objects.get(slug="datenschutz")


def _document(title="Flyer „Partnerinitiative Vielfalt verbindet“", **fields):
    return Document.objects.create(title=title, file=pdf_upload("flyer.pdf"), **fields)


def test_partner_page_explains_the_initiative_and_shows_the_form(client, category):
    response = client.get(reverse("contact:partner_request"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Partner werden</h1>" in html
    assert "passgenauen Maßnahmen" in html
    assert "Formate zum Informationsaustausch und zur Vernetzung" in html
    assert 'enctype="multipart/form-data"' in html
    assert f'<option value="{category.pk}">Kommune</option>' in html
    assert '<option value="landesweit">landesweit</option>' in html
    assert 'href="/datenschutz/"' in html


def test_partner_page_lists_published_documents_with_size(client, db):
    _document(description="Kurz vorgestellt.\n\nMit Ansprechpartnern.", order=2)
    _document(title="Partnerkonzept", order=1)
    _document(title="Entwurf intern", is_published=False)
    html = client.get(reverse("contact:partner_request")).content.decode()
    assert html.index("Partnerkonzept") < html.index("Flyer „Partnerinitiative")
    assert "Entwurf intern" not in html
    assert f"(PDF, {len(PDF_BYTES)}\xa0Bytes)" in html
    assert '<p class="mb-0 small">Mit Ansprechpartnern.</p>' in html
    assert 'href="/media/contact/documents/' in html and '.pdf" type="application/pdf"' in html


def test_document_description_typed_in_the_admin_keeps_its_paragraphs(client, db):
    _document(description="Kurz vorgestellt.\r\n\r\nMit Ansprechpartnern.")
    html = client.get(reverse("contact:partner_request")).content.decode()
    assert '<p class="mb-0 small">Kurz vorgestellt.</p>' in html
    assert '<p class="mb-0 small">Mit Ansprechpartnern.</p>' in html


def test_partner_page_without_documents_has_no_empty_box(client, db):
    assert (
        "Zum Herunterladen" not in client.get(reverse("contact:partner_request")).content.decode()
    )


def test_contact_page(client, db):
    html = client.get(reverse("contact:contact_message")).content.decode()
    assert "<h1>Kontakt</h1>" in html
    assert 'href="/partner-werden/"' in html
    assert "poststelle@mais.nrw.de" in html
    assert 'href="/datenschutz/"' in html


def test_successful_post_redirects_to_thanks_that_says_what_happens(client, request_data):
    response = client.post(reverse("contact:partner_request"), request_data(), follow=True)
    assert response.redirect_chain == [(reverse("contact:partner_request_thanks"), 302)]
    html = response.content.decode()
    assert "Vielen Dank für Ihre Anfrage" in html
    assert "Eingangsbestätigung" in html
    assert 'href="/datenschutz/"' in html
    assert PartnerRequest.objects.get().organisation == "Stadt Beispielhausen"


def test_contact_thanks_page(client, message_data):
    response = client.post(reverse("contact:contact_message"), message_data(), follow=True)
    html = response.content.decode()
    assert "Vielen Dank für Ihre Nachricht" in html
    assert "antworten Ihnen per E-Mail" in html


def test_attachment_is_stored_privately(client, request_data, settings):
    data = request_data()
    data["attachment"] = pdf_upload()
    client.post(reverse("contact:partner_request"), data)
    attachment = PartnerRequest.objects.get().attachment
    path = settings.PRIVATE_MEDIA_ROOT / attachment.name
    assert path.read_bytes().startswith(b"%PDF-")
    assert attachment.name.startswith("contact/requests/") and "konzept" not in attachment.name
    assert not (settings.MEDIA_ROOT / attachment.name).exists()
    with pytest.raises(ValueError):
        attachment.url  # noqa: B018 - no public address exists


def test_invalid_post_shows_summary_linked_to_fields_and_keeps_input(client, request_data):
    response = client.post(
        reverse("contact:partner_request"),
        request_data(email="kaputt", city="", measures="Unsere Pläne"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fehler: Partner werden" in html
    assert 'class="alert alert-danger error-summary" role="alert" tabindex="-1"' in html
    assert '<a href="#id_email">E-Mail-Adresse: Bitte geben Sie eine gültige' in html
    assert '<a href="#id_city">Ort: Bitte geben Sie den Ort an.</a>' in html
    # The summary comes right after the heading, before the page's text and the form.
    assert html.index("<h1>") < html.index("error-summary") < html.index("passgenauen")
    assert 'aria-describedby="id_email_error"' in html
    assert 'id="id_email_error"' in html
    assert 'value="kaputt"' in html
    assert "Unsere Pläne</textarea>" in html
    assert '<script src="/static/js/error-summary.js" defer></script>' in html
    assert PartnerRequest.objects.count() == 0


def test_garbage_posts_never_give_a_500(client, db):
    for data in [{}, {"category": "abc", "region": ["a", "b"]}, {"email": "\x00"}]:
        for url in [reverse("contact:partner_request"), reverse("contact:contact_message")]:
            assert client.post(url, data).status_code == 200


def test_no_inline_script_or_style_on_the_forms(client, category):
    for url in [reverse("contact:partner_request"), reverse("contact:contact_message")]:
        html = client.get(url).content.decode()
        assert "<script>" not in html and "<style" not in html and 'style="' not in html


def test_navigation_footer_and_home_link_to_the_new_pages(client, db, privacy_page):
    home = client.get(reverse("home")).content.decode()
    assert 'class="btn btn-outline-primary" href="/partner-werden/">Partner werden' in home
    assert 'class="btn btn-outline-primary" href="/kontakt/">Kontakt' in home
    page = client.get(reverse("contact:contact_message")).content.decode()
    assert 'href="/kontakt/" aria-current="page">Kontakt</a>' in page
    assert 'href="/partner-werden/">Partner werden</a>' in page
    assert '<li><a href="/datenschutz/">Datenschutz</a></li>' in page


# --- privacy notice (pages.Page) ----------------------------------------------------------


def test_privacy_notice_names_controller_purpose_basis_recipients_and_rights(client, privacy_page):
    response = client.get(reverse("page", args=["datenschutz"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Datenschutzhinweise</h1>" in html
    for text in [
        "Ministerium für Arbeit, Integration und Soziales des Landes Nordrhein-Westfalen",
        "Fürstenwall 25",
        "40219 Düsseldorf",
        "poststelle@mais.nrw.de",
        "behördlichen Datenschutzbeauftragten",
        "Artikel 6 Absatz 1 Buchstabe e DSGVO",
        "Empfänger",
        "Artikel 15 DSGVO",
        "Artikel 77 DSGVO",
    ]:
        assert text in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html


def test_privacy_notice_takes_the_retention_period_from_the_setting(
    client, privacy_page, settings
):
    html = client.get(reverse("page", args=["datenschutz"])).content.decode()
    assert "automatisch 180 Tage nach Abschluss" in html
    assert "[[" not in html
    settings.SUBMISSION_RETENTION_DAYS = 90
    html = client.get(reverse("page", args=["datenschutz"])).content.decode()
    assert "automatisch 90 Tage nach Abschluss" in html


def test_privacy_text_is_editable_by_staff(client, privacy_page):
    privacy_page.content = "<p>Neuer Text, [[speicherdauer_tage]] Tage, [[unbekannt]].</p>"
    privacy_page.save()
    html = client.get(reverse("page", args=["datenschutz"])).content.decode()
    assert "<p>Neuer Text, 180 Tage, [[unbekannt]].</p>" in html


def test_placeholder_filter_escapes_text_that_is_not_marked_safe():
    from pages.templatetags.page_placeholders import fill_placeholders

    assert fill_placeholders("<b>[[speicherdauer_tage]]</b>") == "&lt;b&gt;180&lt;/b&gt;"


def test_privacy_page_missing_gives_the_portals_404(client, db):
    response = client.get(reverse("page", args=["datenschutz"]))
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_pages_fixture_holds_the_legal_and_help_pages(privacy_page):
    assert set(Page.objects.published().values_list("slug", flat=True)) == {
        "datenschutz",
        "impressum",
        "barrierefreiheit",
        "leichte-sprache",
    }


def test_csrf_failure_page_is_german_and_in_the_portals_design(db, message_data):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("contact:contact_message"), message_data())
    html = response.content.decode()
    assert response.status_code == 403
    assert "Das Formular konnte nicht angenommen werden" in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
