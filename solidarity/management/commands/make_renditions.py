"""
Make the renditions of every stored picture again.

Renditions are written when a picture is saved (solidarity/renditions.py).
Run this after changing their sizes or RENDITION_VERSION, after
`import_content`, or after copying the media files to another storage.
It writes over what is there, so running it twice changes nothing.
"""

from django.apps import apps
from django.core.management.base import BaseCommand

from solidarity import renditions
from solidarity.images import PictureField


def picture_fields():
    """(model, field) for every PictureField, each once (a child model of
    multi-table inheritance does not repeat its parent's)."""
    for model in apps.get_models():
        for field in model._meta.local_fields:
            if isinstance(field, PictureField):
                yield model, field


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
        verbosity = options["verbosity"]
        total = 0
        for model, field in picture_fields():
            rows = (
                model._default_manager.exclude(**{field.name: ""})
                .only("pk", field.name)
                .order_by("pk")
            )
            for row in rows.iterator():
                if not dry_run:
                    renditions.generate(getattr(row, field.name))
                total += 1
        if verbosity:
            verb = "would be remade" if dry_run else "remade"
            self.stdout.write(
                self.style.SUCCESS(f"Renditions of {total} pictures {verb}.")
            )
