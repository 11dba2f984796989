from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Articles and meetings"

    def ready(self):
        # Public changes reach the page cache (posts/signals.py).
        from . import signals

        signals.connect()
