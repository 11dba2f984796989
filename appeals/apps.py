from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "appeals"
    verbose_name = "Appeals and solidarity messages"

    def ready(self):
        # Public changes reach the page cache (appeals/signals.py).
        from . import signals

        signals.connect()
