"""
Load a file written by export_content into this database, in one
transaction: all of it or nothing. By default the database must hold no
posts yet (restore into a fresh `migrate`d database); --replace empties the
content tables first.

--media ARCHIVE (written by `export_content --media`) puts back the pictures
the imported content refers to, each checked by decoding it, and remakes
their renditions. Files the content does not refer to are not written.
"""

import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from appeals.models import CampaignPage
from posts.models import Post
from solidarity import renditions
from solidarity.images import check_picture, stored_pictures
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
        parser.add_argument(
            "--media", help="The zip archive of pictures export_content wrote."
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
            # In the transaction: a refused picture undoes the whole import.
            pictures = read_pictures(options["media"]) if options["media"] else 0
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported {Post.objects.count()} posts and {pictures} pictures."
                )
            )


def read_pictures(path):
    """Store the archive's pictures that the content refers to; the count."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise CommandError(
            f"{path} is not a zip archive of pictures: {error}"
        ) from None
    wanted = {name: field for _model, field, name in stored_pictures()}
    count = 0
    with archive:
        for name in archive.namelist():
            field = wanted.get(name)
            if field is None:
                continue
            data = archive.read(name)
            try:
                check_picture(data)
            except ValidationError as error:
                raise CommandError(f"{name}: {error.messages[0]}") from None
            if field.storage.save(name, ContentFile(data)) != name:
                raise CommandError(f"{name}: the storage saved it under another name.")
            renditions.generate(field.attr_class(None, field, name), data)
            count += 1
    return count
