"""The appeals' RSS and Atom feeds: the timeline feed's posts of the appeal
kind."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from posts.feeds import AtomTwin, TimelineFeed
from posts.models import Post
from solidarity.links import absolute_url


class AppealFeed(TimelineFeed):
    title = _("Solidarity: appeals")
    description = _("Solidarity appeals: what happened, who to press, what to do.")

    def link(self, obj=None):
        return absolute_url(reverse("appeals:index"))

    def filter_items(self, queryset, obj):
        return queryset.filter(kind=Post.Kind.APPEAL)

    def item_title(self, item):
        return item.title


class AppealAtomFeed(AtomTwin, AppealFeed):
    pass
