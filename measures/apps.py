from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "measures"
    verbose_name = _("Maßnahmen")

    def ready(self):
        from partners.charts import add_statistics_section
        from partners.models import PartnerQuerySet
        from partners.nrwmap import add_region_count

        from .charts import region_count, statistics_section
        from .models import partner_page_measures

        PartnerQuerySet.add_detail_annotation(partner_page_measures)
        add_statistics_section(statistics_section)
        add_region_count(region_count)
