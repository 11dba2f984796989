"""
Revisions (django-reversion) as editors use them: what changed between two
versions, and erasure that reaches history.

django-reversion keeps each admin save as a Revision (who, when, a comment)
grouping one Version per row saved: a post's shared Post row, its kind's row
and, for an appeal, its targets and updates. Versions are never public: no
view outside the admin reads them.
"""

import difflib
import json

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import models
from django.utils.html import format_html, format_html_join, strip_tags
from reversion.models import Version

from . import audit

# Columns editors never compare: derived, internal or private to the site.
HIDDEN_FIELDS = frozenset(
    {
        "search_vector",
        "preview_key",
        # Translation bookkeeping (solidarity/languages.py, Post).
        "text_changed_at",
        "translated_from_at",
        "has_translations",
        "translation_key",
        "source_hash",
        "source_key",
        "created_at",
        "updated_at",
        "sequence",
        "kind",
        "post_ptr",
        "created_by",
        # taggit serializes no value for its manager (its through model is
        # its own): tags are not kept in revisions.
        "tags",
    }
)


def words(value):
    """The words of a text or rich-text value (tags removed)."""
    return strip_tags(str(value or "")).split()


def word_diff(old, new):
    """HTML of a word-level diff: removed words in <del>, added in <ins>."""
    a, b = words(old), words(new)
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if tag == "equal":
            parts.append(format_html("{}", " ".join(a[i1:i2])))
            continue
        if tag in ("replace", "delete"):
            parts.append(format_html("<del>{}</del>", " ".join(a[i1:i2])))
        if tag in ("replace", "insert"):
            parts.append(format_html("<ins>{}</ins>", " ".join(b[j1:j2])))
    return format_html_join(" ", "{}", ((part,) for part in parts))


def display(field, value):
    if value is None or value == "":
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, list):
        if field.many_to_many:  # keys: show what they name (country names)
            names = field.related_model._base_manager.filter(pk__in=value)
            return ", ".join(sorted(map(str, names))) or "—"
        return ", ".join(str(item) for item in value) or "—"
    return str(value)


def compare(model, old, new):
    """The fields that differ between two versions of one object, as rows
    (label, old, new, diff): `diff` is a word-level diff for text."""
    a, b = old.field_dict, new.field_dict
    rows = []
    for field in model._meta.get_fields():
        # Own columns and many-to-many links (a post's countries); taggit's
        # tags have a through model of their own and are not serialized.
        kept = getattr(field, "concrete", False) or (
            field.many_to_many and not field.auto_created
        )
        if not kept or field.name in HIDDEN_FIELDS:
            continue
        key = field.attname
        if key not in a and key not in b:
            continue
        before, after = a.get(key), b.get(key)
        if isinstance(before, list) and isinstance(after, list):
            before, after = sorted(map(str, before)), sorted(map(str, after))
        if before == after:
            continue
        is_text = isinstance(field, (models.TextField, models.CharField))
        rows.append(
            {
                "label": field.verbose_name,
                "old": display(field, before),
                "new": display(field, after),
                "diff": word_diff(before, after) if is_text else None,
            }
        )
    return rows


def versions_of(obj):
    """Every version of `obj`'s own row and of the rows of the models it
    inherits from (an article's Post row)."""
    models_ = [type(obj), *type(obj)._meta.get_parent_list()]
    types = ContentType.objects.get_for_models(*models_, for_concrete_models=False)
    return Version.objects.filter(
        content_type__in=types.values(), object_id=str(obj.pk)
    )


def forget(obj, name):
    """Erasure reaches history: every version of `obj` (and of its parent
    rows) is rewritten to its erased state, and the admin's history and the
    audit log name it `name`. Who changed it and when stay."""
    for version in versions_of(obj):
        model = version._model
        row = model._base_manager.get(pk=obj.pk)
        fields = json.loads(version.serialized_data)[0]["fields"].keys()
        version.serialized_data = serializers.serialize(
            version.format, [row], fields=list(fields)
        )
        version.object_repr = name
        version.save(update_fields=["serialized_data", "object_repr"])
    for model in (type(obj), *type(obj)._meta.get_parent_list()):
        content_type = ContentType.objects.get_for_model(model)
        LogEntry.objects.filter(
            content_type=content_type, object_id=str(obj.pk)
        ).update(object_repr=name)
        audit.forget(model, obj.pk, name)


def forget_deleted(obj, name):
    """A message or supporter deleted outright: its versions go too (they
    hold the personal data deletion meant to remove), and the admin's
    history and the audit log name it `name`."""
    versions_of(obj).delete()
    for model in (type(obj), *type(obj)._meta.get_parent_list()):
        content_type = ContentType.objects.get_for_model(model)
        LogEntry.objects.filter(
            content_type=content_type, object_id=str(obj.pk)
        ).update(object_repr=name)
        audit.forget(model, obj.pk, name)
