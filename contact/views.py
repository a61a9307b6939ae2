from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from core.cache import no_page_cache
from core.middleware import DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE, with_retry_after
from core.spam import SpamCheckedFormViewMixin
from core.tokens import SecretLinkMixin

from .forms import ContactMessageForm, PartnerRequestForm, RequestAnswerForm
from .models import Document, StatusLink


class SubmissionFormView(SpamCheckedFormViewMixin, FormView):
    """Show the form; a valid post within the rate limit, with a token not used before, is
    saved, then redirected.

    The thank-you page comes only after the commit. Should the database be unavailable,
    the form comes back with everything typed, status 503 and the plain statement that
    nothing was sent, rendered without asking the database."""

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        try:
            return self.submit(form)
        except DATABASE_UNAVAILABLE:
            return self.database_unavailable(form)

    def submit(self, form):
        if not form.is_valid():
            return self.form_invalid(form)
        refusal = self.refusal(form)
        if refusal:
            return refusal
        form.save()
        return redirect(self.get_success_url())

    def database_unavailable(self, form):
        context = self.get_context_data(
            form=form,
            database_unavailable=True,
            retry_after_minutes=DATABASE_RETRY_AFTER_SECONDS // 60,
            documents=(),
            letterhead=None,
        )
        return with_retry_after(self.render_to_response(context, status=503))


class PartnerRequestView(SubmissionFormView):
    template_name = "contact/partner_request_form.html"
    form_class = PartnerRequestForm
    success_url = reverse_lazy("contact:partner_request_thanks")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("documents", Document.objects.published())
        return super().get_context_data(**kwargs)


class ContactMessageView(SubmissionFormView):
    template_name = "contact/contact_message_form.html"
    form_class = ContactMessageForm
    success_url = reverse_lazy("contact:contact_message_thanks")


class PartnerRequestThanksView(TemplateView):
    template_name = "contact/partner_request_thanks.html"


class ContactMessageThanksView(TemplateView):
    template_name = "contact/contact_message_thanks.html"


@method_decorator(no_page_cache, name="dispatch")
class PartnerRequestStatusView(SecretLinkMixin, SubmissionFormView):
    """Where an organisation follows its request, behind a status link from its e-mails;
    it answers the office's question here. It reveals nothing but the request's own
    status; once the request is purged, its links open nothing."""

    template_name = "contact/partner_request_status.html"
    form_class = RequestAnswerForm
    link_model = StatusLink
    link_name = _("Statuslink")
    link_help = _(
        "Vielleicht ist die Anfrage abgeschlossen und nach Ablauf der Speicherdauer "
        "gelöscht. Nennen Sie uns bei Fragen Ihre Vorgangsnummer."
    )

    def get_link(self, token):
        links = StatusLink.objects.select_related("partner_request")
        link = links.from_token(token)
        if link is not None:
            self.partner_request = link.partner_request
        return link

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.partner_request}

    def get_context_data(self, **kwargs):
        return super().get_context_data(partner_request=self.partner_request, **kwargs)

    def get_success_url(self):
        return self.request.path
