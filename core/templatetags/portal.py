"""Template tags every page of the portal uses: the breadcrumb trail and `capture`."""

from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*trail, current, current_lang=""):
    """The way from the home page to this one: URL names and labels in pairs, then the
    current page's label: ``{% breadcrumbs "press:list" _("Presse") current=object.title %}``.
    ``current_lang="de"`` marks a label taken from the (German-only) content.
    """
    if len(trail) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes URL names and labels in pairs.")
    pairs = zip(trail[::2], trail[1::2], strict=True)
    return {
        "trail": [(reverse(name), label) for name, label in pairs],
        "current": current,
        "current_lang": current_lang,
    }


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        context[self.name] = self.nodelist.render(context)
        return ""


@register.tag
def capture(parser, token):
    """``{% capture name %}…{% endcapture %}``: render once, use ``{{ name }}`` many times.

    Django renders a block only once per template; base.html uses this for the page
    description, which both ``<meta name="description">`` and ``og:description`` carry.
    """
    try:
        _tag, name = token.split_contents()
    except ValueError:
        raise template.TemplateSyntaxError("capture takes one name: {% capture name %}") from None
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, name)
