"""
Write all of the site's content as JSON: every post of every kind, tags,
countries, campaign pages, the editors' accounts and groups, and the
preview/submission bookkeeping. With import_content it moves a site between
databases (SQLite and PostgreSQL alike) or restores it; pg_dump remains the
backup of record for PostgreSQL (see the README's "Backups").

Left out, because Django rebuilds them or they are transient: content types,
permissions, sessions, the admin's action log and login-attempt records.

--media ARCHIVE also writes every picture the content refers to into a zip
archive beside the JSON (the stored, already clean files; their renditions
are remade on import).
"""

import zipfile

from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand

from solidarity.images import stored_pictures

EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
]


class Command(BaseCommand):
    help = "Export all content as JSON (to stdout, or --output FILE)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="Write to this file.")
        parser.add_argument(
            "--media",
            help="Also write the pictures into this zip archive.",
        )

    def handle(self, *args, **options):
        serializers.register_serializer("json-exact", "solidarity.exactjson")
        call_command(
            "dumpdata",
            format="json-exact",
            exclude=EXCLUDED,
            natural_foreign=True,
            natural_primary=False,
            indent=1,
            output=options["output"],
            stdout=self.stdout,
            verbosity=options["verbosity"],
        )
        if options["media"]:
            count = write_pictures(options["media"])
            if options["verbosity"] and options["output"]:
                self.stdout.write(f"{count} pictures written to {options['media']}.")


def write_pictures(path):
    # Stored, not compressed again: pictures are compressed already.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        count = 0
        for _model, field, name in stored_pictures():
            with field.storage.open(name) as picture:
                archive.writestr(name, picture.read())
            count += 1
    return count
