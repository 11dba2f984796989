from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Articles and meetings"

    def ready(self):
        # Count caches follow content changes (posts/listing.py).
        from . import listing  # noqa: F401
