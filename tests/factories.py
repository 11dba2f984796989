"""Small helpers that build valid rows; override any field by keyword."""

from datetime import timedelta
from uuid import uuid4

from django.contrib.auth.models import Group, User
from django.utils import timezone

from appeals.models import Appeal, SolidarityMessage
from posts.models import Article, Event, Post


def unique(prefix):
    return f"{prefix}-{uuid4().hex[:8]}"


def make_user(group=None, **kwargs):
    kwargs.setdefault("username", unique("user"))
    kwargs.setdefault("email", f"{kwargs['username']}@example.org")
    kwargs.setdefault("is_staff", True)
    user = User.objects.create_user(password="password", **kwargs)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def _post_defaults(kwargs, title):
    kwargs.setdefault("title", title)
    kwargs.setdefault("slug", unique("post"))
    kwargs.setdefault("status", Post.Status.PUBLISHED)
    kwargs.setdefault("published_at", timezone.now() - timedelta(hours=1))
    tags = kwargs.pop("tags", ())
    countries = kwargs.pop("countries", ())
    return tags, countries


def _finish(post, tags, countries):
    if tags:
        post.tags.add(*tags)
    if countries:
        post.countries.add(*countries)
    return post


def make_article(**kwargs):
    tags, countries = _post_defaults(kwargs, "Pickets in twelve countries")
    kwargs.setdefault("byline", "Campaign correspondent")
    kwargs.setdefault("summary", "Supporters gathered outside embassies.")
    kwargs.setdefault("body", "<p>Supporters gathered outside embassies.</p>")
    return _finish(Article.objects.create(**kwargs), tags, countries)


def make_appeal(**kwargs):
    tags, countries = _post_defaults(kwargs, "Free the imprisoned miners")
    kwargs.setdefault("state", Appeal.State.URGENT)
    kwargs.setdefault("summary", "Fifteen miners were arrested after a strike.")
    kwargs.setdefault("action", "Send a letter of protest.")
    return _finish(Appeal.objects.create(**kwargs), tags, countries)


def make_event(**kwargs):
    tags, countries = _post_defaults(kwargs, "Public meeting on Venezuela")
    kwargs.setdefault("starts_at", timezone.now() + timedelta(days=7))
    kwargs.setdefault("timezone", "Europe/Dublin")
    kwargs.setdefault("venue_name", "Trade Union Hall")
    kwargs.setdefault("city", "Dublin")
    kwargs.setdefault("country", "IE")
    return _finish(Event.objects.create(**kwargs), tags, countries)


def make_message(**kwargs):
    kwargs.setdefault("author_name", "Maria Lopez")
    kwargs.setdefault("organisation", "Dockers' Union")
    kwargs.setdefault("country", "ES")
    kwargs.setdefault("email", f"{unique('sender')}@example.org")
    kwargs.setdefault("text", "Your struggle is our struggle.")
    kwargs.setdefault("moderation", SolidarityMessage.Moderation.APPROVED)
    kwargs.setdefault("received_at", timezone.now() - timedelta(hours=1))
    return SolidarityMessage.objects.create(**kwargs)


def make_supporter(**kwargs):
    from appeals.models import Supporter

    kwargs.setdefault("name", "Ana Silva")
    kwargs.setdefault("email", f"{unique('supporter')}@example.org")
    kwargs.setdefault("country", "PT")
    kwargs.setdefault("consent", True)
    return Supporter.objects.create(**kwargs)


def form_started(seconds_ago=30, form_id="message"):
    """The anti-spam start token of form `form_id` served `seconds_ago`
    seconds ago."""
    import time

    from solidarity import antispam

    return antispam.sign_start(form_id, time.time() - seconds_ago)
