"""Moderation of messages of solidarity: approve, reject, spam, erase."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from posts.admin import CountryPresentFilter, LanguageDefaultFormMixin

from ..models import (
    SolidarityMessage,
)
from .actions import confirm_action, erase_selected


class RejectionForm(forms.Form):
    rejection_reason = forms.CharField(
        label=_("Reason (for the editors; the sender is not told)"),
        max_length=SolidarityMessage._meta.get_field("rejection_reason").max_length,
        required=False,
        widget=forms.TextInput(attrs={"size": 60}),
    )


class SolidarityMessageAdminForm(LanguageDefaultFormMixin, forms.ModelForm):
    pass


@admin.register(SolidarityMessage)
class SolidarityMessageAdmin(admin.ModelAdmin):
    form = SolidarityMessageAdminForm
    list_display = (
        "author_name",
        "organisation",
        "country",
        "appeal",
        "moderation_badge",
        "language",
        "received_at",
        "needs_review",
    )
    list_filter = (
        "moderation",
        "needs_review",
        CountryPresentFilter,
        "language",
        "received_at",
        ("appeal", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("author_name", "organisation", "text", "email")
    date_hierarchy = "received_at"
    autocomplete_fields = ("appeal",)
    list_select_related = ("appeal",)
    readonly_fields = ("moderated_by", "moderated_at", "erased_at")
    fields = (
        "appeal",
        "author_name",
        "organisation",
        "role",
        "city",
        "country",
        "language",
        "email",
        "text",
        "show_name",
        "consent",
        "received_at",
        "moderation",
        "rejection_reason",
        "moderated_by",
        "moderated_at",
        "erased_at",
        "needs_review",
    )
    actions = ("approve", "reject", "reject_with_reason", "mark_spam", "erase")

    class Media:
        css = {"all": ("admin-extra/solidarity-admin.css",)}

    @admin.display(description=_("moderation"), ordering="moderation")
    def moderation_badge(self, obj):
        return format_html(
            '<span class="moderation moderation-{}">{}</span>',
            obj.moderation,
            obj.get_moderation_display(),
        )

    def view_on_site(self, obj):
        # Only approved messages are on the wall.
        if obj.moderation == SolidarityMessage.Moderation.APPROVED:
            return obj.get_absolute_url()
        return None

    def get_ordering(self, request):
        # Pending first: what needs an editor's eye is at the top. (An
        # expression, not an annotation: ModelAdmin.get_queryset orders
        # before any annotation a subclass could add.)
        pending_first = Case(
            When(moderation=SolidarityMessage.Moderation.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return (pending_first.asc(), "-received_at", "-pk")

    def moderate(self, request, queryset, moderation):
        count = queryset.moderate(moderation, request.user)
        label = SolidarityMessage.Moderation(moderation).label.lower()
        self.message_user(request, f"{count} message(s) {label}.", messages.SUCCESS)

    @admin.action(description=_("Approve selected messages"), permissions=["change"])
    def approve(self, request, queryset):
        self.moderate(request, queryset, SolidarityMessage.Moderation.APPROVED)

    @admin.action(description=_("Reject selected messages"), permissions=["change"])
    def reject(self, request, queryset):
        self.moderate(request, queryset, SolidarityMessage.Moderation.REJECTED)

    @admin.action(
        description=_("Reject selected messages, giving a reason…"),
        permissions=["change"],
    )
    def reject_with_reason(self, request, queryset):
        form = RejectionForm(request.POST if "apply" in request.POST else None)
        page = confirm_action(
            self,
            request,
            queryset,
            "reject_with_reason",
            "Reject messages",
            "These messages will not be published.",
            form,
        )
        if page:
            return page
        self.moderate(request, queryset, SolidarityMessage.Moderation.REJECTED)
        queryset.update(rejection_reason=form.cleaned_data["rejection_reason"])
        return None

    @admin.action(
        description=_("Mark selected messages as spam"), permissions=["change"]
    )
    def mark_spam(self, request, queryset):
        self.moderate(request, queryset, SolidarityMessage.Moderation.SPAM)

    @admin.action(
        description=_("Erase the senders' personal data…"), permissions=["change"]
    )
    def erase(self, request, queryset):
        return erase_selected(
            self,
            request,
            queryset,
            "The name, organisation, role, city, email address and text of "
            "these messages will be removed for good, and they leave the site. "
            "Their country, appeal and date stay, for anonymous counts.",
            lambda message: message.erase(request.user),
        )

    def save_model(self, request, obj, form, change):
        if "moderation" in form.changed_data:
            obj.moderated_by = request.user
            obj.moderated_at = timezone.now()
        super().save_model(request, obj, form, change)
