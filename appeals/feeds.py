"""The appeals' RSS and Atom feeds: the timeline feed's posts of the appeal
kind."""

from django.urls import reverse

from posts.feeds import AtomTwin, TimelineFeed
from posts.models import Post


class AppealFeed(TimelineFeed):
    title = "Solidarity: appeals"
    description = "Solidarity appeals: what happened, who to press, what to do."

    def link(self, obj=None):
        return reverse("appeals:index")

    def filter_items(self, queryset, obj):
        return queryset.filter(kind=Post.Kind.APPEAL)

    def item_title(self, item):
        return item.title


class AppealAtomFeed(AtomTwin, AppealFeed):
    pass
