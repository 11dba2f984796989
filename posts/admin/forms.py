"""The admin form of every kind of post (PostAdminForm: tag lengths, date
precision) and the language default other admin forms share."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from ..models import Post

TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length


class LanguageDefaultFormMixin:
    """The language menu keeps the post's language (or the site's default)
    when a form leaves it out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "language" in self.fields:
            self.fields["language"].required = False

    def clean_language(self):
        return (
            self.cleaned_data.get("language")
            or self.instance.language
            or settings.LANGUAGE_CODE
        )


class PostAdminForm(LanguageDefaultFormMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form sent without it (a script, an older page) keeps what the
        # post had (a new one: an exact date) rather than failing on a field
        # most editors never touch.
        if "date_precision" in self.fields:
            self.fields["date_precision"].required = False

    def clean_date_precision(self):
        return (
            self.cleaned_data.get("date_precision")
            or self.instance.date_precision
            or Post.DatePrecision.DAY
        )

    def clean_tags(self):
        # The tags table would refuse them at save time (a 500 on PostgreSQL).
        tags = self.cleaned_data["tags"]
        too_long = [tag for tag in tags if len(tag) > TAG_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _(
                    "A tag can be at most %(max)d characters long; "
                    "separate tags with commas."
                ),
                params={"max": TAG_MAX_LENGTH},
            )
        return tags
