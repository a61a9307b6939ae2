"""The list of all preview links in the admin."""

import re

from django.urls import reverse

from tests.previews.test_links import make_link


def test_change_list_links_the_content_and_the_link_apart(editor_client, make_partner):
    """One link per cell: the content's title leads to its change form, the date to the
    preview link's own page (a link inside a link leaves an empty one for screen readers)."""
    partner = make_partner(name="Stadtwerke Entwurfshausen", is_published=False)
    link = make_link(partner)
    html = editor_client.get(reverse("admin:previews_previewlink_changelist")).content.decode()
    content_cell = re.search(r'<t[dh] class="field-content_object_link">(.*?)</t[dh]>', html)
    assert content_cell.group(1).count("<a ") == 1
    partner_url = reverse("admin:partners_partner_change", args=[partner.pk])
    assert f'href="{partner_url}"' in content_cell.group(1)
    date_cell = re.search(r'<t[dh] class="field-created_at[^"]*">(.*?)</t[dh]>', html)
    link_url = reverse("admin:previews_previewlink_change", args=[link.pk])
    assert f'<a href="{link_url}">' in date_cell.group(1)
