"""What the admin's add and change forms POST, for tests that go through them."""

from datetime import timedelta

from django.utils import timezone


def split(value):
    """A datetime as the admin's split date/time widget posts it (local time)."""
    if value is None:
        return {"0": "", "1": ""}
    local = timezone.localtime(value)
    return {"0": local.strftime("%Y-%m-%d"), "1": local.strftime("%H:%M:%S")}


def _dates(data, **dates):
    for name, value in dates.items():
        for part, text in split(value).items():
            data[f"{name}_{part}"] = text
    return data


def post_fields(**overrides):
    """The fields every kind of post shares, published an hour ago."""
    now = timezone.now()
    data = {
        "title": "A title",
        "slug": "a-title",
        "summary": "",
        "body": "<p>Body</p>",
        "byline": "",
        "status": "published",
        "needs_review": "",
        "countries": [],
        "tags": "",
    }
    _dates(data, published_at=now - timedelta(hours=1), expires_at=None)
    data.update(overrides)
    return data


def article_data(**overrides):
    data = post_fields(image_alt="")
    data.update(overrides)
    return data


def appeal_data(**overrides):
    data = post_fields(
        state="urgent",
        action="Write a letter of protest.",
        contact="minister@example.org",
    )
    _dates(data, deadline=None)
    # The inlines for the appeal's targets and updates, left empty.
    for prefix in ("targets", "updates"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


def event_data(starts_at=None, ends_at=None, **overrides):
    starts_at = starts_at or timezone.now() + timedelta(days=7)
    data = post_fields(
        timezone="Europe/Dublin",
        venue_name="Trade Union Hall",
        address="",
        city="Dublin",
        country="IE",
        online_url="",
    )
    _dates(data, starts_at=starts_at, ends_at=ends_at)
    data.update(overrides)
    return data


def message_data(**overrides):
    data = {
        "appeal": "",
        "author_name": "Maria Lopez",
        "organisation": "Dockers' Union",
        "role": "",
        "city": "",
        "country": "ES",
        "language": "",
        "email": "maria@example.org",
        "text": "Your struggle is our struggle.",
        "show_name": "on",
        "consent": "on",
        "moderation": "pending",
        "rejection_reason": "",
        "needs_review": "",
    }
    _dates(data, received_at=timezone.now() - timedelta(hours=1))
    data.update(overrides)
    return data
