"""The countries a post can be about (Country)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.Model):
    """An ISO 3166 country a post is about (rows come from django-countries)."""

    code = models.CharField(primary_key=True, max_length=2, verbose_name=_("code"))
    name = models.CharField(max_length=100, verbose_name=_("name"))

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ("name",)
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name
