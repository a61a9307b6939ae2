"""Admin lists of records the portal writes itself (link checks, sent e-mails): staff look,
nobody adds, edits or deletes; the commands that write the rows also remove them."""


class ReadOnlyAdminMixin:
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
