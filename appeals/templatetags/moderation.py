from django import template

from ..dashboard import lines

register = template.Library()


@register.inclusion_tag("admin/appeals/dashboard.html", takes_context=True)
def editors_dashboard(context):
    """What waits for this editor, for the admin index (appeals/dashboard.py)."""
    return {"lines": lines(context["request"].user)}
