from django.contrib import admin

from ..models import Country


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    """The ISO 3166 list, loaded by a migration from django-countries: editors
    may correct a name, but not invent or delete countries (and so no "+"
    next to the countries of a post)."""

    list_display = ("name", "code")
    search_fields = ("name", "code")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
