"""
Make the renditions of every stored picture again.

Renditions are written when a picture is saved (solidarity/renditions.py).
Run this after changing their sizes or RENDITION_VERSION, or after copying
the media files from another server or storage. It also records each
picture's size where the row lacks it (pictures that came from before
PictureField). It writes over what is there, so running it twice changes
nothing.
"""

from django.core.management.base import BaseCommand

from solidarity import renditions
from solidarity.images import stored_pictures


class Command(BaseCommand):
    help = "Make the renditions of every stored picture again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count the pictures without writing anything.",
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        total = 0
        for model, field, name in stored_pictures():
            if not dry_run:
                width, height = renditions.generate(field.attr_class(None, field, name))
                if field.width_field and field.height_field:
                    model._default_manager.filter(**{field.name: name}).update(
                        **{field.width_field: width, field.height_field: height}
                    )
            total += 1
        if options["verbosity"]:
            verb = "would be remade" if dry_run else "remade"
            self.stdout.write(
                self.style.SUCCESS(f"Renditions of {total} pictures {verb}.")
            )
