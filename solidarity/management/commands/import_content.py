"""
Load a file written by export_content into this database, in one
transaction: all of it or nothing. By default the database must hold no
posts yet (restore into a fresh `migrate`d database); --replace empties the
content tables first.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from appeals.models import CampaignPage
from posts.models import Post
from solidarity.models import SubmissionToken


class Command(BaseCommand):
    help = "Import content exported by export_content (JSON file)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The JSON file export_content wrote.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the posts, campaign pages and tags already here first.",
        )

    def handle(self, *args, **options):
        from django.contrib.auth.models import Group
        from django.contrib.contenttypes.models import ContentType
        from taggit.models import Tag

        # Permissions are matched by natural key through the content type
        # cache, which is stale if the tables were rebuilt in this process.
        ContentType.objects.clear_cache()
        with transaction.atomic():
            if Post.objects.exists():
                if not options["replace"]:
                    raise CommandError(
                        "This database already has posts. Import into a fresh "
                        "database, or pass --replace to delete them first."
                    )
                Post.objects.all().delete()
                Tag.objects.all().delete()
                CampaignPage.objects.all().delete()
                SubmissionToken.objects.all().delete()
            # The file has the editorial groups with their permissions; the
            # ones a fresh database's migrations made would clash by name.
            Group.objects.all().delete()
            call_command("loaddata", options["path"], verbosity=options["verbosity"])
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(f"Imported {Post.objects.count()} posts.")
            )
