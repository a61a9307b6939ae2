from django.contrib import admin, messages
from django.db.models import Prefetch
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import desk
from core.readonly import ReadOnlyAdminMixin

from .models import CheckedLink, LinkUse, Result


class ResultFilter(admin.SimpleListFilter):
    title = _("Ergebnis")
    parameter_name = "ergebnis"

    def lookups(self, request, model_admin):
        return [
            ("fehlerhaft", _("defekt oder nicht erreichbar")),
            (Result.BROKEN, _("defekt")),
            (Result.ERROR, _("nicht erreichbar")),
            (Result.MOVED, _("umgezogen")),
            (Result.OK, _("in Ordnung")),
            ("nie", _("nie geprüft")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "fehlerhaft":
            return queryset.failing()
        if self.value() == "nie":
            return queryset.filter(last_checked__isnull=True)
        if self.value() in Result.values:
            return queryset.filter(result=self.value())
        return queryset


@admin.register(CheckedLink)
class CheckedLinkAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the rows come from the content, the results from `check_links`."""

    list_display = [
        "url",
        "result_display",
        "target",
        "last_checked",
        "first_failed",
        "consecutive_failures",
        "where_used",
    ]
    list_filter = [ResultFilter, "recheck_requested"]
    search_fields = ["url", "final_url", "uses__object_label"]
    fields = [
        "url",
        "result_display",
        "status_code",
        "final_url",
        "redirect_chain",
        "error",
        "last_checked",
        "first_failed",
        "consecutive_failures",
        "recheck_requested",
        "where_used",
    ]
    readonly_fields = ["result_display", "redirect_chain", "where_used"]
    actions = ["recheck"]

    def get_ordering(self, request):
        # Failures first, then moved links, then the rest: what needs an editor on top.
        return ["severity", "url"]

    def get_queryset(self, request):
        uses = LinkUse.objects.select_related("content_type")
        return (
            CheckedLink.objects.with_severity()
            .order_by(*self.get_ordering(request))
            .prefetch_related(Prefetch("uses", queryset=uses))
        )

    @admin.display(description=_("Ergebnis"), ordering="severity")
    def result_display(self, link):
        if not link.last_checked:
            return _("nie geprüft")
        label = link.get_result_display()
        return f"{label} ({link.status_code})" if link.status_code else label

    @admin.display(description=_("Neue Adresse"))
    def target(self, link):
        return link.final_url if link.result == Result.MOVED else ""

    @admin.display(description=_("Weiterleitungen"))
    def redirect_chain(self, link):
        if not link.redirects:
            return "–"
        return format_html(
            "<ol>{}<li>{}</li></ol>",
            format_html_join(
                "", "<li>{} ({})</li>", ((hop["url"], hop["status"]) for hop in link.redirects)
            ),
            link.final_url,
        )

    @admin.display(description=_("Verwendet in"))
    def where_used(self, link):
        uses = link.uses.all()
        if not uses:
            return "–"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}</li>",
                ((self.use_display(use),) for use in uses),
            ),
        )

    @staticmethod
    def use_display(use):
        label = f"{use.content_type.name} „{use.object_label}“ – {use.field_label}"
        url = use.admin_url()
        return format_html('<a href="{}">{}</a>', url, label) if url else label

    @admin.action(description=_("Jetzt erneut prüfen"), permissions=["view"])
    def recheck(self, request, queryset):
        # Checking here would hold the editor's request for minutes and let anyone with an
        # admin login make the server call other sites at will: the links are only marked.
        count = queryset.request_recheck()
        self.message_user(
            request,
            ngettext(
                "%(count)d Link ist zur erneuten Prüfung vorgemerkt. Geprüft wird nicht "
                "sofort, sondern beim nächsten Prüflauf des Servers, in der Regel in der "
                "folgenden Nacht; danach steht das Ergebnis hier.",
                "%(count)d Links sind zur erneuten Prüfung vorgemerkt. Geprüft wird nicht "
                "sofort, sondern beim nächsten Prüflauf des Servers, in der Regel in der "
                "folgenden Nacht; danach steht das Ergebnis hier.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@desk.register
def broken_links(request):
    """The desk's block of links that failed their last check."""
    if not request.user.has_perm("links.view_checkedlink"):
        return []
    failing = CheckedLink.objects.failing().order_by("first_failed", "pk")
    block = desk.Block("links", _("Defekte Links"), _("Alle geprüften Links funktionieren."))
    block.groups.append(
        desk.group(
            CheckedLink,
            failing,
            desk.changelist_url(CheckedLink, ergebnis="fehlerhaft"),
            lambda link: link.get_result_display(),
        )
    )
    return [block]
