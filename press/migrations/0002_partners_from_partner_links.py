"""Press owns the relation between press items and partners alone.

A partner's link to a press release of the portal (partners.Link.press_release) said what
the press item's partners already say; every such link becomes (or already was) a partner
of that press item. A link that pointed only to the press release is then removed: the
partner's page lists the press item itself. A link with an address of its own stays, with
its address and kind. partners.0005 removes the field afterwards.
"""

from django.db import migrations


def move_links_to_press_items(apps, schema_editor):
    Link = apps.get_model("partners", "Link")
    PressItem = apps.get_model("press", "PressItem")
    Mention = PressItem.partners.through
    links = Link.objects.exclude(press_release=None)
    Mention.objects.bulk_create(
        [
            Mention(pressitem_id=link.press_release_id, partner_id=link.partner_id)
            for link in links
        ],
        ignore_conflicts=True,
    )
    links.filter(url="").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("partners", "0004_partner_indexes"),
        ("press", "0001_press_items_and_letterhead"),
    ]

    # Backwards, the press items keep their partners: the fact stays recorded once.
    operations = [migrations.RunPython(move_links_to_press_items, migrations.RunPython.noop)]
