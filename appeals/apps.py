from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "appeals"
    verbose_name = _("Appeals and solidarity messages")

    def ready(self):
        # Public changes reach the page cache (appeals/signals.py).
        from . import signals

        signals.connect()
        register_revisions()


def register_revisions():
    """Revisions of appeals (with their targets and updates), campaign pages,
    and of messages and supporters (whose erasure rewrites them: see
    solidarity.history.forget). IP hashes are never kept."""
    import reversion

    from .models import (
        Appeal,
        AppealTarget,
        AppealUpdate,
        CampaignPage,
        SolidarityMessage,
        Supporter,
    )

    if reversion.is_registered(Appeal):
        return
    reversion.register(AppealTarget)
    reversion.register(AppealUpdate)
    reversion.register(Appeal, follow=("post_ptr", "targets", "updates"))
    reversion.register(CampaignPage)
    reversion.register(SolidarityMessage, follow=("post_ptr",), exclude=("ip_hash",))
    reversion.register(Supporter, exclude=("ip_hash",))
