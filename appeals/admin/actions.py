"""Intermediate pages of the admin actions on personal data."""

from django.contrib import messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse


def confirm_action(modeladmin, request, queryset, action, title, text, form=None):
    """The intermediate page of an admin action: None once confirmed (the
    action goes ahead), otherwise the page asking for confirmation."""
    if "apply" in request.POST and (form is None or form.is_valid()):
        return None
    return TemplateResponse(
        request,
        "admin/appeals/confirm_action.html",
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


def erase_selected(modeladmin, request, queryset, explanation, erase):
    """The erase action of messages and supporters: confirm, then erase."""
    page = confirm_action(
        modeladmin, request, queryset, "erase", "Erase personal data", explanation
    )
    if page:
        return page
    for obj in queryset:
        erase(obj)
    modeladmin.message_user(
        request,
        f"Personal data erased from {len(queryset)} "
        f"{modeladmin.model._meta.verbose_name_plural}.",
        messages.SUCCESS,
    )
    return None
