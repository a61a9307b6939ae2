from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "contact"
    verbose_name = _("Anfragen und Kontakt")

    def ready(self):
        from core.tokens import send_link
        from core.workflow import submitted_for_approval

        from .models import Notification

        def notify_approvers(sender, instance, user, **kwargs):
            Notification.request_approval(instance, user)

        submitted_for_approval.connect(notify_approvers, dispatch_uid="contact_notify_approvers")

        def queue_link_mail(sender, link, recipient, **kwargs):
            Notification.send_link(link, recipient)

        send_link.connect(queue_link_mail, dispatch_uid="contact_queue_link_mail")
