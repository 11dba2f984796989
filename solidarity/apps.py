from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SolidarityConfig(AppConfig):
    name = "solidarity"
    verbose_name = "Solidarity site"

    def ready(self):
        from . import pagecache, roles

        # Any content change resets the anonymous page cache's version.
        pagecache.connect_signals()

        # Keep the Editors and Organisers groups' permissions current as
        # models are added (the groups themselves come from a data migration).
        post_migrate.connect(roles.sync_roles_after_migrate)
