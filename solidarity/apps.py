from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SolidarityConfig(AppConfig):
    name = "solidarity"
    verbose_name = _("Solidarity site")

    def ready(self):
        from django.db.models.signals import pre_save

        from . import roles, sanitize

        # No control characters in stored text, whatever the way in.
        pre_save.connect(sanitize.clean_text_on_save, dispatch_uid="clean-text")

        # Keep the Editors and Organisers groups' permissions current as
        # models are added (the groups themselves come from a data migration).
        post_migrate.connect(roles.sync_roles_after_migrate)
