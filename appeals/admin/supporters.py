"""Supporters in the admin (private): filters, CSV export, erasure."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from posts.admin.revisions import RevisionsAdmin
from solidarity.spreadsheets import csv_response

from ..models import (
    Supporter,
)
from .actions import erase_selected


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("email confirmed")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return (("yes", _("Confirmed")), ("no", _("Not yet")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(confirmed_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(confirmed_at__isnull=True)
        return queryset


class HelpFilter(admin.SimpleListFilter):
    title = _("wants to help")
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
class SupporterAdmin(RevisionsAdmin):
    list_display = (
        "name",
        "organisation",
        "kind",
        "organisation_type",
        "country",
        "city",
        "is_confirmed",
        "is_subscribed",
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
    readonly_fields = (
        "confirmed_at",
        "unsubscribed_at",
        "confirmation_sent_at",
        "erased_at",
        "created_at",
        "updated_at",
    )
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
        "unsubscribed_at",
        "confirmation_sent_at",
        "erased_at",
        "created_at",
        "updated_at",
    )
    actions = ("export_csv", "erase")
    revert_keeps = ("confirmed_at", "erased_at")

    @admin.action(description=_("Download selected supporters as CSV"))
    def export_csv(self, request, queryset):
        return csv_response(
            "supporters.csv",
            [
                _("Joined"),
                _("Joining as"),
                _("Name"),
                _("Email"),
                _("Confirmed"),
                _("Country"),
                _("City"),
                _("Organisation"),
                _("Type of organisation"),
                _("Wants to help"),
                _("Message"),
            ],
            (
                [
                    supporter.created_at.date().isoformat(),
                    supporter.get_kind_display(),
                    supporter.name,
                    supporter.email,
                    _("yes") if supporter.is_confirmed() else _("no"),
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

    @admin.action(description=_("Erase selected supporters' personal data…"))
    def erase(self, request, queryset):
        return erase_selected(
            self,
            request,
            queryset,
            _(
                "The name, email address, city, organisation name and message "
                "of these supporters will be removed for good. The kind of "
                "supporter, type of organisation, country and dates stay, for "
                "anonymous counts."
            ),
            Supporter.erase,
        )
