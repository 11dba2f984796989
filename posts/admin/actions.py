"""The intermediate page of admin actions that ask before they act."""

from django.contrib.admin import helpers
from django.template.response import TemplateResponse


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
