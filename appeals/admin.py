from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Case, IntegerField, Value, When
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from posts.admin import CountryPresentFilter, PostAdmin

from .exports import csv_response
from .models import (
    Appeal,
    AppealTarget,
    AppealUpdate,
    CampaignPage,
    SolidarityMessage,
    Supporter,
)


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


class RejectionForm(forms.Form):
    rejection_reason = forms.CharField(
        label="Reason (for the editors; the sender is not told)",
        max_length=SolidarityMessage._meta.get_field("rejection_reason").max_length,
        required=False,
        widget=forms.TextInput(attrs={"size": 60}),
    )


class AppealTargetInline(admin.StackedInline):
    model = AppealTarget
    extra = 0
    fields = (("name", "role"), "email", "postal_address", "position")


class AppealUpdateInline(admin.TabularInline):
    model = AppealUpdate
    extra = 0
    fields = ("happened_on", "text", "outcome")


@admin.register(Appeal)
class AppealAdmin(PostAdmin):
    list_display = (
        "title",
        "state",
        "deadline",
        "status",
        "published_at",
        "is_published",
        "needs_review",
    )
    list_filter = ("state", *PostAdmin.list_filter)
    fieldsets = (
        (None, {"fields": ("title", "slug", "byline", "summary", "body")}),
        (
            "The campaign",
            {"fields": ("state", "deadline", "target", "action", "contact")},
        ),
        (
            "Publishing",
            {"fields": ("status", "published_at", "expires_at", "needs_review")},
        ),
        ("Topics", {"fields": ("countries", "tags")}),
        (
            "Protest letter and sharing",
            {
                "fields": ("letter_subject", "letter_body", "copy_email", "share_text"),
                "description": "The targets are listed below. Readers get a "
                "button that opens their own email program with the letter.",
            },
        ),
        ("Messages of solidarity", {"fields": ("delivery_links",)}),
    )
    readonly_fields = ("delivery_links",)
    inlines = (AppealTargetInline, AppealUpdateInline)
    actions = (*PostAdmin.actions, "mark_urgent", "mark_won", "mark_closed")

    @admin.display(description="approved messages, to hand over")
    def delivery_links(self, obj):
        if not obj.pk:
            return "Save the appeal first."
        return format_html(
            '<a href="{}">Download as CSV</a> · <a href="{}">Printable page</a>',
            reverse("appeals:messages-csv", args=[obj.slug]),
            reverse("appeals:messages-print", args=[obj.slug]),
        )

    def set_state(self, request, queryset, state):
        count = queryset.update(state=state)
        label = Appeal.State(state).label.lower()
        self.message_user(
            request, f"{count} appeal(s) marked {label}.", messages.SUCCESS
        )

    @admin.action(description="Mark selected appeals urgent", permissions=["change"])
    def mark_urgent(self, request, queryset):
        self.set_state(request, queryset, Appeal.State.URGENT)

    @admin.action(description="Mark selected appeals won", permissions=["change"])
    def mark_won(self, request, queryset):
        self.set_state(request, queryset, Appeal.State.WON)

    @admin.action(description="Mark selected appeals closed", permissions=["change"])
    def mark_closed(self, request, queryset):
        self.set_state(request, queryset, Appeal.State.CLOSED)


@admin.register(SolidarityMessage)
class SolidarityMessageAdmin(admin.ModelAdmin):
    list_display = (
        "author_name",
        "organisation",
        "country",
        "appeal",
        "moderation_badge",
        "received_at",
        "needs_review",
    )
    list_filter = (
        "moderation",
        "needs_review",
        CountryPresentFilter,
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

    @admin.display(description="moderation", ordering="moderation")
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

    @admin.action(description="Approve selected messages", permissions=["change"])
    def approve(self, request, queryset):
        self.moderate(request, queryset, SolidarityMessage.Moderation.APPROVED)

    @admin.action(description="Reject selected messages", permissions=["change"])
    def reject(self, request, queryset):
        self.moderate(request, queryset, SolidarityMessage.Moderation.REJECTED)

    @admin.action(
        description="Reject selected messages, giving a reason…",
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

    @admin.action(description="Mark selected messages as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self.moderate(request, queryset, SolidarityMessage.Moderation.SPAM)

    @admin.action(
        description="Erase the senders' personal data…", permissions=["change"]
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


@admin.register(CampaignPage)
class CampaignPageAdmin(admin.ModelAdmin):
    list_display = ("key", "title", "updated_at")
    fields = ("key", "title", "body", "link_url", "link_label")
    formfield_overrides = PostAdmin.formfield_overrides

    def view_on_site(self, obj):
        return reverse(obj.key)


class ConfirmedFilter(admin.SimpleListFilter):
    title = "email confirmed"
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return (("yes", "Confirmed"), ("no", "Not yet"))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(confirmed_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(confirmed_at__isnull=True)
        return queryset


class HelpFilter(admin.SimpleListFilter):
    title = "wants to help"
    parameter_name = "help"

    def lookups(self, request, model_admin):
        return Supporter.Help.choices

    def queryset(self, request, queryset):
        if self.value() in Supporter.Help.values:
            # help_with is a comma-separated list of keys, none of which is
            # part of another.
            return queryset.filter(help_with__contains=self.value())
        return queryset


@admin.register(Supporter)
class SupporterAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "organisation",
        "kind",
        "organisation_type",
        "country",
        "city",
        "is_confirmed",
        "created_at",
    )
    list_filter = (
        "kind",
        "organisation_type",
        ConfirmedFilter,
        HelpFilter,
        "country",
        "created_at",
    )
    search_fields = ("name", "email", "organisation", "city")
    date_hierarchy = "created_at"
    readonly_fields = ("confirmed_at", "erased_at", "created_at", "updated_at")
    fields = (
        "kind",
        "name",
        "email",
        "country",
        "city",
        "organisation",
        "organisation_type",
        "help_with",
        "message",
        "consent",
        "confirmed_at",
        "erased_at",
        "created_at",
        "updated_at",
    )
    actions = ("export_csv", "erase")

    @admin.action(description="Download selected supporters as CSV")
    def export_csv(self, request, queryset):
        return csv_response(
            "supporters.csv",
            [
                "Joined",
                "Joining as",
                "Name",
                "Email",
                "Confirmed",
                "Country",
                "City",
                "Organisation",
                "Type of organisation",
                "Wants to help",
                "Message",
            ],
            (
                [
                    supporter.created_at.date().isoformat(),
                    supporter.get_kind_display(),
                    supporter.name,
                    supporter.email,
                    "yes" if supporter.is_confirmed() else "no",
                    supporter.country.name,
                    supporter.city,
                    supporter.organisation,
                    supporter.get_organisation_type_display(),
                    "; ".join(supporter.help_with_labels),
                    supporter.message,
                ]
                for supporter in queryset.filter(erased_at__isnull=True)
            ),
        )

    @admin.action(description="Erase selected supporters' personal data…")
    def erase(self, request, queryset):
        return erase_selected(
            self,
            request,
            queryset,
            "The name, email address, city, organisation name and message of "
            "these supporters will be removed for good. The kind of supporter, "
            "type of organisation, country and dates stay, for anonymous counts.",
            Supporter.erase,
        )
