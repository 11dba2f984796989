from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = _("Articles and meetings")

    def ready(self):
        # Public changes reach the page cache (posts/signals.py).
        from . import signals

        signals.connect()
        register_revisions()

        # Attendees told when a meeting is cancelled or moved (posts/tasks.py).
        from . import tasks

        tasks.connect()


def register_revisions():
    """Revisions (django-reversion) of articles and meetings: a version of
    the kind's row follows its shared Post row. Derived and internal
    columns are left out (the search document, preview key, import hash)."""
    import reversion

    from .models import Article, Event, Post

    if reversion.is_registered(Post):
        return
    reversion.register(Post, exclude=("search_vector", "preview_key", "source_hash"))
    reversion.register(Article, follow=("post_ptr",))
    reversion.register(Event, follow=("post_ptr",))
