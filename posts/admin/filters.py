"""The list filters PostAdmin and the kinds' admins share: country (a
CountryField), scheduled, and translation."""

from datetime import timedelta

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ..models import Post


class CountryPresentFilter(admin.SimpleListFilter):
    """Filter on a CountryField listing only the countries in use (among the
    rows this user may see), not all 250."""

    title = "country"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = (
            model_admin.get_queryset(request)
            .exclude(country="")
            .order_by()
            .values_list("country", flat=True)
            .distinct()
        )
        return sorted(
            ((code, countries.name(code) or code) for code in codes),
            key=lambda item: item[1],
        )

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country=self.value())
        return queryset


class ScheduledFilter(admin.SimpleListFilter):
    """Published with a publication date still to come (the dashboard links
    to the next week's)."""

    title = _("scheduled")
    parameter_name = "scheduled"

    def lookups(self, request, model_admin):
        return (("week", _("In the next 7 days")), ("all", _("Any time later")))

    def queryset(self, request, queryset):
        if self.value() not in ("week", "all"):
            return queryset
        now = timezone.now()
        queryset = queryset.filter(status=Post.Status.PUBLISHED, published_at__gt=now)
        if self.value() == "week":
            queryset = queryset.filter(published_at__lte=now + timedelta(days=7))
        return queryset


class TranslationFilter(admin.SimpleListFilter):
    """Originals, translations, and translations whose original's text
    changed after them (to bring up to date)."""

    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return (
            ("original", _("Originals")),
            ("translation", _("Translations")),
            ("outdated", _("Outdated translations")),
        )

    def queryset(self, request, queryset):
        if self.value() == "original":
            return queryset.filter(translation_of__isnull=True)
        if self.value() == "translation":
            return queryset.filter(translation_of__isnull=False)
        if self.value() == "outdated":
            return queryset.outdated_translations()
        return queryset
