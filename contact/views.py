from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.views.generic import FormView, TemplateView

from .forms import ContactMessageForm, PartnerRequestForm
from .models import Document
from .spam import hit_rate_limit


class SubmissionFormView(FormView):
    """Show the form; a valid post within the rate limit, with a token not used before, is
    saved, then redirected."""

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        limit = hit_rate_limit(request)
        if limit.exceeded:
            response = self.render_to_response(
                self.get_context_data(form=form, rate_limit=limit), status=429
            )
            response["Retry-After"] = str(limit.retry_after)
            return response
        if not form.claim_token():
            return self.form_invalid(form)
        form.save()
        return redirect(self.get_success_url())


class PartnerRequestView(SubmissionFormView):
    template_name = "contact/partner_request_form.html"
    form_class = PartnerRequestForm
    success_url = reverse_lazy("contact:partner_request_thanks")

    def get_context_data(self, **kwargs):
        return super().get_context_data(documents=Document.objects.published(), **kwargs)


class ContactMessageView(SubmissionFormView):
    template_name = "contact/contact_message_form.html"
    form_class = ContactMessageForm
    success_url = reverse_lazy("contact:contact_message_thanks")


class PartnerRequestThanksView(TemplateView):
    template_name = "contact/partner_request_thanks.html"


class ContactMessageThanksView(TemplateView):
    template_name = "contact/contact_message_thanks.html"
