"""The e-mail that brings a partner its reporting link. Sent from the staff's admin action
over one connection (the link's token exists only in that moment: only its hash is
stored); a failure is reported to staff, who then pass the link on themselves."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def reporting_message(link, url, annual=False, connection=None):
    with translation.override("de"):
        context = {"link": link, "partner": link.partner, "url": url, "annual": annual}
        subject = render_to_string("measures/email/reporting_link_subject.txt", context)
        body = render_to_string("measures/email/reporting_link.txt", context)
    return EmailMessage(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [link.email],
        connection=connection,
    )


def send_reporting_links(links_and_urls, annual=False):
    """Send each (link, url); returns the links whose e-mail could not be sent."""
    failed = []
    try:
        connection = get_connection(fail_silently=False)
        connection.open()
    except Exception as error:  # noqa: BLE001 - reported to staff, never raised
        logger.warning("Reporting links not sent, no mail connection: %s", type(error).__name__)
        return [link for link, _url in links_and_urls]
    try:
        for link, url in links_and_urls:
            try:
                reporting_message(link, url, annual, connection).send()
            except Exception as error:  # noqa: BLE001 - one failure must not stop the rest
                logger.warning("Reporting link %s not sent: %s", link.pk, type(error).__name__)
                failed.append(link)
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - closing a broken connection may fail, too
            logger.debug("Closing the mail connection failed", exc_info=True)
    return failed
