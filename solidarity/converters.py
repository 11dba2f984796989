"""URL converters."""

from django.urls import register_converter


class TagSlugConverter:
    """A tag's slug: taggit keeps the letters of any script ("solidarité",
    "венесуэла"), so Django's ASCII-only <slug:> would make those tags'
    pages unreachable. Anything but a slash or a control character (NUL
    cannot even be sent to PostgreSQL)."""

    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


# Registered on import: every urls module that uses <tag:...> imports this.
register_converter(TagSlugConverter, "tag")
