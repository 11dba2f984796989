"""Counting template renders, to test what the fragment cache spares."""

from contextlib import contextmanager

from django.test.signals import template_rendered


@contextmanager
def renders_of(template_name):
    """A list that grows by one each time `template_name` is rendered."""
    rendered = []

    def record(sender, template, **kwargs):
        if template.name == template_name:
            rendered.append(template)

    template_rendered.connect(record)
    try:
        yield rendered
    finally:
        template_rendered.disconnect(record)
