import pytest

from tests.helpers import free_port

from .helpers import SmtpServer, token


@pytest.fixture(autouse=True)
def contact_settings(settings, tmp_path):
    """Files in a temporary place, a known staff address, known form limits."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.CONTACT_NOTIFY_EMAILS = ["team@ministerium.example"]
    settings.DEFAULT_FROM_EMAIL = "Vielfalt verbindet <noreply@ministerium.example>"
    settings.PORTAL_URL = "https://portal.example"
    settings.FORM_MIN_SECONDS = 3
    settings.FORM_MAX_AGE_SECONDS = 7200
    settings.FORM_RATE_LIMIT = 5
    settings.FORM_RATE_WINDOW_SECONDS = 600
    settings.SUBMISSION_RETENTION_DAYS = 180
    settings.NOTIFICATION_MAX_ATTEMPTS = 10
    yield settings


@pytest.fixture
def request_data(category):
    """A complete, valid post of the "Partner werden" form."""

    def make(**changes):
        data = {
            "organisation": "Stadt Beispielhausen",
            "category": str(category.pk),
            "city": "Beispielhausen",
            "region": "muenster",
            "website": "https://www.beispielhausen.example",
            "contact_name": "Erika Mustermann",
            "contact_role": "Integrationsbeauftragte",
            "email": "erika@beispielhausen.example",
            "phone": "0251 123456",
            "measures": "Fortbildungen zur interkulturellen Kompetenz.\n\nMehrsprachige Aushänge.",
            "message": "Wir freuen uns auf die Zusammenarbeit.",
            "consent": "on",
            "homepage": "",
            "form_token": token("partner-request"),
        }
        data.update(changes)
        return {key: value for key, value in data.items() if value is not None}

    return make


@pytest.fixture
def message_data(db):
    """A complete, valid post of the contact form."""

    def make(**changes):
        data = {
            "name": "Max Muster",
            "email": "max@example.org",
            "subject": "Frage zur Initiative",
            "message": "Wie kann unser Verein mitmachen?",
            "consent": "on",
            "homepage": "",
            "form_token": token("contact-message"),
        }
        data.update(changes)
        return {key: value for key, value in data.items() if value is not None}

    return make


@pytest.fixture
def smtp(settings):
    """Point Django's SMTP backend at a port on 127.0.0.1; the test decides when to start."""
    server = SmtpServer(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()
