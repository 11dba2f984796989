"""The intermediate page of admin actions that ask before they act."""

from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import ngettext


def confirm_action(modeladmin, request, queryset, action, title, text, form=None):
    """None once confirmed (the action goes ahead), otherwise the page asking
    for confirmation (and for `form`'s fields, if any)."""
    if "apply" in request.POST and (form is None or form.is_valid()):
        return None
    return TemplateResponse(
        request,
        "admin/confirm_action.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "text": text,
            "form": form,
            "queryset": queryset,
            "action": action,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )


def with_unchanged(text, selected, changed):
    """An action's message, plus how many of the selected rows already were
    as asked (so the number in `text` is the rows changed, and adds up)."""
    unchanged = selected - changed
    if unchanged <= 0:
        return text
    return (
        text
        + " "
        + ngettext("%(count)d already was.", "%(count)d already were.", unchanged)
        % {"count": unchanged}
    )
