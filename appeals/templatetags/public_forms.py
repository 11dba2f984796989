"""{% visible_fields form %}: a public form's visible fields, rendered once
per form layout while the form is empty.

The message form on every appeal page (and the join form) costs about 8 ms
of Django's widget templates, yet an empty form looks the same to every
visitor: its hidden fields (the signed start time, the appeal's slug) are
rendered apart, in appeals/form_fields.html. So the visible fields of an
unbound form are cached under a digest of everything they show (see
solidarity/fragments.py); a submitted form, with its values and errors, is
always rendered afresh.
"""

from django import template
from django.forms.models import ModelChoiceIterator
from django.template.loader import get_template

from solidarity.fragments import render_cached

register = template.Library()

TEMPLATE = "appeals/form_visible_fields.html"


def field_shows(bound_field):
    field, widget = bound_field.field, bound_field.field.widget
    choices = getattr(widget, "choices", ())
    return (
        bound_field.name,
        bound_field.auto_id,
        str(bound_field.label),
        str(bound_field.help_text),
        field.required,
        type(widget).__qualname__,
        sorted((name, str(value)) for name, value in widget.attrs.items()),
        bound_field.value(),
        [(value, str(label)) for value, label in choices],
    )


@register.simple_tag
def visible_fields(form):
    fields = form.visible_fields()
    cacheable = not form.is_bound and not any(
        # A model choice menu would run its query just to be described.
        isinstance(getattr(field.field.widget, "choices", None), ModelChoiceIterator)
        for field in fields
    )
    if not cacheable:
        return get_template(TEMPLATE).render({"form": form})
    return render_cached(
        TEMPLATE,
        [form],
        lambda form: {"form": form},
        lambda form: (
            type(form).__module__,
            type(form).__qualname__,
            [field_shows(field) for field in fields],
        ),
    )
