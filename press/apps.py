from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "press"
    verbose_name = _("Presse")

    def ready(self):
        from partners.models import PartnerQuerySet

        from .models import partner_page_press_items

        PartnerQuerySet.add_detail_prefetch(partner_page_press_items)
