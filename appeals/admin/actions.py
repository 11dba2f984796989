"""Intermediate pages of the admin actions on personal data."""

from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from posts.admin.actions import confirm_action
from solidarity import audit


def erase_selected(modeladmin, request, queryset, explanation, erase):
    """The erase action of messages and supporters: confirm, then erase what
    is not erased yet, and say how many were."""
    page = confirm_action(
        modeladmin, request, queryset, "erase", _("Erase personal data"), explanation
    )
    if page:
        return page
    to_erase = list(queryset.filter(erased_at__isnull=True))
    for obj in to_erase:
        erase(obj)
    audit.record_many(
        request, audit.Action.ERASE, modeladmin.model, [obj.pk for obj in to_erase]
    )
    already = queryset.count() - len(to_erase)
    text = ngettext(
        "Personal data erased from %(count)d %(name)s.",
        "Personal data erased from %(count)d %(names)s.",
        len(to_erase),
    ) % {
        "count": len(to_erase),
        "name": modeladmin.model._meta.verbose_name,
        "names": modeladmin.model._meta.verbose_name_plural,
    }
    if already:
        text += " " + ngettext(
            "%(count)d was erased before.", "%(count)d were erased before.", already
        ) % {"count": already}
    modeladmin.message_user(request, text, messages.SUCCESS)
    return None
