"""Status links become rows that keep only their token's hash, and a notification can
bring a personal link. Every request keeps its earlier links: its secret, which those
tokens carry, is stored as the hash of a status link (StatusLink.earlier_token_hash)."""

import secrets

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

from core.tokens import digest


def secrets_to_status_links(apps, schema_editor):
    PartnerRequest = apps.get_model("contact", "PartnerRequest")
    StatusLink = apps.get_model("contact", "StatusLink")
    StatusLink.objects.bulk_create(
        StatusLink(partner_request_id=pk, token_hash=digest(secret), created_at=created_at)
        for pk, secret, created_at in PartnerRequest.objects.values_list(
            "pk", "status_secret", "created_at"
        ).iterator()
    )


def new_secrets(apps, schema_editor):
    """Back: the secrets cannot be read from their hashes; each request gets a new one
    (links mailed before no longer open)."""
    PartnerRequest = apps.get_model("contact", "PartnerRequest")
    for pk in PartnerRequest.objects.values_list("pk", flat=True).iterator():
        PartnerRequest.objects.filter(pk=pk).update(status_secret=secrets.token_urlsafe(24))


class Migration(migrations.Migration):
    dependencies = [
        ("contact", "0007_notification_approval_requests"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("staff", "Benachrichtigung an das Ministerium"),
                    ("confirmation", "Eingangsbestätigung an die Absender"),
                    ("status", "Neuer Stand an die Organisation"),
                    ("answer", "Antwort der Organisation an das Ministerium"),
                    ("approval", "Bitte um Freigabe"),
                    ("link", "Persönlicher Link"),
                ],
                max_length=20,
                verbose_name="E-Mail",
            ),
        ),
        migrations.CreateModel(
            name="StatusLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token_hash", models.CharField(editable=False, max_length=64, unique=True)),
                (
                    "expires_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="gültig bis"),
                ),
                (
                    "revoked_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="widerrufen am"),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="erstellt am"
                    ),
                ),
                (
                    "partner_request",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="status_links",
                        to="contact.partnerrequest",
                        verbose_name="Partneranfrage",
                    ),
                ),
            ],
            options={
                "verbose_name": "Statuslink",
                "verbose_name_plural": "Statuslinks",
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.RunPython(secrets_to_status_links, new_secrets),
        migrations.RemoveField(
            model_name="partnerrequest",
            name="status_secret",
        ),
    ]
