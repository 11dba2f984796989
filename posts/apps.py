from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Articles and meetings"

    def ready(self):
        # Public changes reach the page cache (posts/signals.py).
        from . import signals

        signals.connect()

        # Attendees told when a meeting is cancelled or moved (posts/tasks.py).
        from . import tasks

        tasks.connect()
