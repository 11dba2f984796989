from django import template

from appeals.models import SolidarityMessage

register = template.Library()


@register.inclusion_tag("admin/appeals/pending_messages.html", takes_context=True)
def pending_messages(context):
    """The number of messages waiting for moderation, for the admin index."""
    user = context["request"].user
    if not user.has_perm("appeals.change_solidaritymessage"):
        return {"count": None}
    return {"count": SolidarityMessage.objects.pending().count()}
