"""{% message_cards messages %}: messages of solidarity as the public sees
them (appeals/message_card.html), each rendered once and then taken from the
cache under a digest of what it shows (see solidarity/fragments.py).
Whatever the card shows must be in message_shows()."""

from django import template

from solidarity.fragments import render_cached

register = template.Library()

FIELDS = (
    "text",
    "language",
    "show_name",
    "author_name",
    "role",
    "organisation",
    "city",
    "country",
    "received_at",
    "date_precision",
)


def message_shows(message, show_appeal):
    appeal = message.appeal if show_appeal and message.appeal_id else None
    return (
        message.pk,
        [str(getattr(message, name)) for name in FIELDS],
        appeal and (appeal.pk, appeal.slug, appeal.title, appeal.is_published()),
    )


@register.simple_tag
def message_cards(messages, show_appeal=False):
    """With `show_appeal`, each links to its appeal (select_related)."""
    return render_cached(
        "appeals/message_card.html",
        messages,
        lambda message: {"message": message, "show_appeal": show_appeal},
        lambda message: message_shows(message, show_appeal),
    )
