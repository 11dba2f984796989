"""
One allowlist for every piece of rich text editors write.

The admin editor (django-prose-editor) can only produce these tags, and
`clean_html` enforces the same list on save, so HTML from the importer, a
direct POST or the ORM is held to it too. nh3 (Ammonia) drops scripts,
event-handler attributes, `style`, iframes and non-http(s)/mailto URLs.
"""

import re

import nh3

# What the editor offers: bold, italic, links, headings, lists, quotes.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Link": {"enableTarget": False},
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
}

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "a", "h2", "h3", "h4",
    "ul", "ol", "li", "blockquote", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


def clean_html(html):
    """Return `html` with everything outside the allowlist removed."""
    if not html:
        return ""
    # NUL and other C0 control characters have no place in stored text.
    html = "".join(ch for ch in html if ch >= " " or ch in "\n\r\t")
    cleaned = _cleaner.clean(html)
    # ProseMirror always leaves one empty paragraph in an empty document.
    return "" if cleaned.strip() in ("", "<p></p>") else cleaned


# C0 control characters but tab, newline and carriage return, and DEL: no
# use in text, invalid in XML 1.0 (feeds), and NUL cannot be stored in
# PostgreSQL. Direction overrides and zero-width characters are kept: they
# are legitimate in right-to-left and joined scripts, and escaping handles
# them.
CONTROL_CHARACTERS = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127])


LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def strip_control_characters(text):
    return text.translate(CONTROL_CHARACTERS) if text else text


def clean_text_fields(instance):
    """Strip control characters from every text field of a model instance,
    and line breaks from one-line fields, whichever way the text arrives
    (admin, import, public forms)."""
    from django.db import models

    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                value = strip_control_characters(value)
                if isinstance(field, models.CharField):
                    # One-line fields (titles, names, places) end up in
                    # email subjects, HTTP headers and iCalendar lines.
                    value = LINE_BREAKS.sub(" ", value)
                setattr(instance, field.attname, value)


def clean_text_on_save(sender, instance, raw=False, **kwargs):
    """pre_save receiver for the content apps (posts, appeals, tags)."""
    if not raw and sender._meta.app_label in ("posts", "appeals", "taggit"):
        clean_text_fields(instance)
