"""Press fills in what a partner's page shows of the press (PartnerQuerySet hook)."""

import datetime
from unittest import mock

from django.utils import timezone

from partners.models import Partner, PartnerQuerySet
from press.models import partner_page_press_items


def test_press_registers_its_part_of_the_partner_page_once():
    assert PartnerQuerySet.detail_prefetches.count(partner_page_press_items) == 1
    PartnerQuerySet.add_detail_prefetch(partner_page_press_items)
    assert PartnerQuerySet.detail_prefetches.count(partner_page_press_items) == 1


def test_partner_page_shows_a_press_item_once_it_is_due(client, make_partner, make_release):
    partner = make_partner()
    make_release(
        title="Mit Sperrfrist",
        publish_at=timezone.now() + datetime.timedelta(hours=1),
        partners=[partner],
    )
    assert "Mit Sperrfrist" not in client.get(partner.get_absolute_url()).content.decode()
    later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        html = client.get(partner.get_absolute_url()).content.decode()
        [loaded] = Partner.objects.with_detail_data().filter(pk=partner.pk)
    assert "Mit Sperrfrist" in html
    assert [item.title for item in loaded.public_press_items] == ["Mit Sperrfrist"]
