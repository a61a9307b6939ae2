"""Create (or bring up to date) the staff groups and their permissions. Idempotent.

- "Redaktion": add/change/delete/view partners, press items, measures (with their fields
  of action and reporting links), pages and downloads; view
  the link check's results (and mark links for a new check); create and revoke preview
  links for drafts. The versions need nothing more: django-reversion shows the history to
  those who may view an item and restores for those who may change it.
- "Anfragenbearbeitung": view and change partner requests and contact messages
  (status, assignee, notes); see the outbox (every e-mail the portal queued, also those
  to approvers and partners) and put failed e-mails back in the queue (``resend_notification``).
- "Freigabe": what Redaktion may, plus approving, scheduling and withdrawing partners,
  press items, pages and measures (``publish_partner``, ``publish_pressitem``,
  ``publish_page``, ``publish_measure``; the last also applies partners' proposed updates).
  Redaktion writes and submits; only Freigabe (or a superuser) makes anything public.

Staff users are put into the groups in the admin (Benutzer → Gruppen). Converting a
request into a partner draft needs both: change on requests and add on partners.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction

ALL = ("add", "change", "delete", "view")


def roles():
    """Group name -> list of (model class, actions)."""
    editorial = [(model, ALL) for model in apps.get_app_config("partners").get_models()]
    editorial += [(model, ALL) for model in apps.get_app_config("press").get_models()]
    editorial += [(model, ALL) for model in apps.get_app_config("measures").get_models()]
    editorial += [
        (apps.get_model("pages", "Page"), ALL),
        (apps.get_model("contact", "Document"), ALL),
        (apps.get_model("links", "CheckedLink"), ("view",)),
        (apps.get_model("previews", "PreviewLink"), ("add", "change", "view")),
    ]
    handling = [
        (apps.get_model("contact", "PartnerRequest"), ("view", "change")),
        (apps.get_model("contact", "ContactMessage"), ("view", "change")),
        (apps.get_model("contact", "Notification"), ("view", "resend")),
    ]
    approval = [
        *editorial,
        (apps.get_model("partners", "Partner"), ("publish",)),
        (apps.get_model("press", "PressItem"), ("publish",)),
        (apps.get_model("pages", "Page"), ("publish",)),
        (apps.get_model("measures", "Measure"), ("publish",)),
    ]
    return {"Redaktion": editorial, "Anfragenbearbeitung": handling, "Freigabe": approval}


class Command(BaseCommand):
    help = (
        "Legt die Gruppen „Redaktion“, „Anfragenbearbeitung“ und „Freigabe“ mit ihren Rechten an."
    )

    def handle(self, *args, **options):
        # Permissions appear after migrate; make sure they exist even on a fresh database.
        for app_config in apps.get_app_configs():
            create_permissions(app_config, verbosity=0)
        with transaction.atomic():
            for name, grants in roles().items():
                permissions = []
                for model, actions in grants:
                    content_type = ContentType.objects.get_for_model(model)
                    codenames = [f"{action}_{model._meta.model_name}" for action in actions]
                    permissions += Permission.objects.filter(
                        content_type=content_type, codename__in=codenames
                    )
                group, created = Group.objects.get_or_create(name=name)
                group.permissions.set(permissions)
                state = "angelegt" if created else "aktualisiert"
                self.stdout.write(f"Gruppe „{name}“ {state}: {len(permissions)} Rechte.")
