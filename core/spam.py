"""Protection of the public forms without a CAPTCHA (CAPTCHAs exclude disabled users).

Three checks: a honeypot field people never see, a signed time token that is good for one
accepted submission (a form sent within seconds of being opened, hours later, or a second
time is returned with a request to send it again), and a rate limit per client address
(core.client). Used tokens and the rate limit's counts live in the counters store that every
process and app server shares (settings.COUNTER_CACHE_ALIAS).
"""

import logging
import math
import secrets
import time
from dataclasses import dataclass

from crispy_forms.layout import Div, Field
from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage

from core.client import client_network

TOKEN_SALT = "contact.form-token"
#: Both public forms count against one limit per client.
RATE_LIMIT_GROUP = "contact.submissions"

logger = logging.getLogger(__name__)


def make_form_token(form_id, issued=None):
    """A signed token saying which form was rendered when (to the millisecond).

    Whole seconds would let a form through up to a second before FORM_MIN_SECONDS.
    """
    issued = round(time.time() if issued is None else issued, 3)
    # The nonce keeps two forms rendered in the same millisecond from sharing one token,
    # which only one of them could use.
    payload = {"form": form_id, "issued": issued, "nonce": secrets.token_urlsafe(6)}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


class TokenProblem:
    MISSING = "token_missing"
    INVALID = "token_invalid"
    TOO_FAST = "too_fast"
    EXPIRED = "expired"
    USED = "token_used"


def check_form_token(token, form_id, now=None):
    """None when the token is fine, else a TokenProblem code."""
    if not token:
        return TokenProblem.MISSING
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
        issued = float(payload["issued"])
        token_form = payload["form"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return TokenProblem.INVALID
    if token_form != form_id:
        return TokenProblem.INVALID
    age = (time.time() if now is None else now) - issued
    if age < -60:  # issued in the future beyond clock skew: not ours
        return TokenProblem.INVALID
    if age < settings.FORM_MIN_SECONDS:
        return TokenProblem.TOO_FAST
    if age > settings.FORM_MAX_AGE_SECONDS:
        return TokenProblem.EXPIRED
    return None


def claim_form_token(token):
    """Mark a token as used for an accepted submission; False when it was used before.

    The mark lives in the counters store that every process shares (by a keyed hash of the
    token), as long as the token could still pass its age check.
    """
    digest = salted_hmac("contact.form-token-used", token).hexdigest()
    store = caches[settings.COUNTER_CACHE_ALIAS]
    added = store.add(f"contact:token:{digest}", True, timeout=settings.FORM_MAX_AGE_SECONDS + 120)
    if added is None:
        # The shared store is unreachable (Redis down; django-redis answers None): accept
        # rather than lose the submission; the other spam checks still apply.
        logger.warning("Form token not marked as used: the counters store is unreachable")
        return True
    return added


@dataclass
class RateLimit:
    exceeded: bool
    retry_after: int

    @property
    def retry_after_minutes(self):
        return max(1, math.ceil(self.retry_after / 60))


def rate_limit_key(group, request):
    """The client's network (core.client), keyed so that the store holds no address."""
    return salted_hmac("contact.rate-limit", client_network(request)).hexdigest()


def hit_rate_limit(request):
    """Count one submission for the client; the result says whether it is over the limit.

    django-ratelimit counts in the counters store (shared by every process): at most
    FORM_RATE_LIMIT per FORM_RATE_WINDOW_SECONDS, in fixed windows. When the store cannot
    count (Redis down), the submission is let through and logged (RATELIMIT_FAIL_OPEN).
    """
    window = max(1, settings.FORM_RATE_WINDOW_SECONDS)
    usage = get_usage(
        request,
        group=RATE_LIMIT_GROUP,
        key=rate_limit_key,
        rate=(settings.FORM_RATE_LIMIT, window),
        increment=True,
    )
    if usage is None:
        # RATELIMIT_ENABLE off, or the store could not count (RATELIMIT_FAIL_OPEN).
        if getattr(settings, "RATELIMIT_ENABLE", True):
            logger.warning("Rate limit not counted: the counters store is unreachable")
        return RateLimit(exceeded=False, retry_after=0)
    # The window's last second still belongs to it: the next one starts a second later.
    time_left = usage["time_left"]
    retry_after = time_left + 1 if time_left >= 0 else window
    return RateLimit(exceeded=usage["should_limit"], retry_after=retry_after)


class FreshTokenInput(forms.HiddenInput):
    """Renders a new time token every time, whatever was posted."""

    def __init__(self, form_id, attrs=None):
        super().__init__(attrs)
        self.form_id = form_id

    def get_context(self, name, value, attrs):
        return super().get_context(name, make_form_token(self.form_id), attrs)


class EmptyTextInput(forms.TextInput):
    """A field people never see; it is rendered empty, even after a post."""

    def format_value(self, value):
        return None


def _duration(seconds):
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(count)d Stunde", "%(count)d Stunden", hours) % {"count": hours}
    minutes = max(1, seconds // 60)
    return ngettext("%(count)d Minute", "%(count)d Minuten", minutes) % {"count": minutes}


class SpamProtectedForm(forms.Form):
    """Honeypot and time token; mixed into the public forms before ModelForm."""

    #: Identifies the form in its time token, so one form's token is no good for another.
    form_id = "form"

    homepage = forms.CharField(
        label=_("Dieses Feld bitte leer lassen"),
        required=False,
        max_length=200,
        widget=EmptyTextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    form_token = forms.CharField(required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_token"].widget = FreshTokenInput(self.form_id)

    def clean(self):
        cleaned_data = super().clean()
        if self.cleaned_data.get("homepage"):
            logger.info("Form %s rejected: honeypot filled", self.form_id)
            raise forms.ValidationError(
                _(
                    "Ihre Eingaben konnten nicht angenommen werden, weil ein verstecktes "
                    "Prüffeld ausgefüllt war (das kann beim automatischen Ausfüllen durch den "
                    "Browser passieren). Bitte senden Sie das Formular noch einmal ab – "
                    "Ihre übrigen Eingaben sind erhalten."
                ),
                code="honeypot",
            )
        problem = check_form_token(self.cleaned_data.get("form_token"), self.form_id)
        if problem:
            logger.info("Form %s rejected: %s", self.form_id, problem)
            raise forms.ValidationError(self.token_message(problem), code=problem)
        return cleaned_data

    def claim_token(self):
        """Use up the form's token for this accepted submission; False (with the form's
        message) when it was used before: a resent or replayed post is not saved twice."""
        if claim_form_token(self.cleaned_data["form_token"]):
            return True
        logger.info("Form %s rejected: %s", self.form_id, TokenProblem.USED)
        self.add_error(
            None, forms.ValidationError(self.token_message(TokenProblem.USED), code="token_used")
        )
        return False

    def spam_layout(self):
        """The honeypot (hidden from people and screen readers) and the time token."""
        return [
            Div(Field("homepage"), css_class="offscreen-field", aria_hidden="true"),
            Field("form_token"),
        ]

    @staticmethod
    def token_message(problem):
        if problem == TokenProblem.USED:
            return _(
                "Dieses Formular wurde bereits abgeschickt und angenommen. Wenn Sie es noch "
                "einmal senden möchten, schicken Sie es bitte erneut ab – Ihre Eingaben sind "
                "erhalten."
            )
        if problem == TokenProblem.TOO_FAST:
            return _(
                "Das Formular wurde ungewöhnlich schnell nach dem Öffnen abgeschickt. Zum "
                "Schutz vor automatisierten Einsendungen bitten wir Sie, es noch einmal "
                "abzuschicken – Ihre Eingaben sind erhalten."
            )
        if problem == TokenProblem.EXPIRED:
            return _(
                "Das Formular war länger als %(duration)s geöffnet. Bitte schicken Sie es "
                "noch einmal ab – Ihre Eingaben sind erhalten."
            ) % {"duration": _duration(settings.FORM_MAX_AGE_SECONDS)}
        return _(
            "Das Formular konnte nicht geprüft werden. Bitte schicken Sie es noch einmal ab "
            "– Ihre Eingaben sind erhalten."
        )


class SpamCheckedFormViewMixin:
    """For FormViews of the public forms: after the form's own checks, the rate limit and
    the single-use token. ``refusal(form)`` is None when the submission may be saved, else
    the response that refuses it (429 with Retry-After, or the form with its message)."""

    def refusal(self, form):
        limit = hit_rate_limit(self.request)
        if limit.exceeded:
            response = self.render_to_response(
                self.get_context_data(form=form, rate_limit=limit), status=429
            )
            response["Retry-After"] = str(limit.retry_after)
            return response
        if not form.claim_token():
            return self.form_invalid(form)
        return None
