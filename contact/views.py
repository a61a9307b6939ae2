from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from core.cache import no_page_cache
from core.middleware import DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE, with_retry_after
from core.spam import SpamCheckedFormViewMixin

from .forms import ContactMessageForm, PartnerRequestForm, RequestAnswerForm
from .models import Document, PartnerRequest


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


@method_decorator([csrf_exempt, no_page_cache], name="dispatch")
class PartnerRequestStatusView(SubmissionFormView):
    """Where an organisation follows its request, behind the link from its e-mails; it
    answers the office's question here.

    The link is the only key: the page is kept out of every cache and search index, and
    its address is never passed on as a referrer. An unknown, altered or purged link gets
    the same 404.

    Without a referrer browsers post the form with "Origin: null", which Django's CSRF
    check refuses. The secret in the address does that check's job: another site cannot
    post here without knowing it.
    """

    template_name = "contact/partner_request_status.html"
    form_class = RequestAnswerForm

    def dispatch(self, request, token, **kwargs):
        self.partner_request = PartnerRequest.from_status_token(
            token, PartnerRequest.objects.prefetch_related("status_changes")
        )
        if self.partner_request is None:
            response = render(request, "contact/partner_request_status_unknown.html", status=404)
        else:
            response = super().dispatch(request, token=token, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.partner_request}

    def get_context_data(self, **kwargs):
        return super().get_context_data(partner_request=self.partner_request, **kwargs)

    def get_success_url(self):
        return self.request.path
