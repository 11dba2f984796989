"""
Write all of the site's content as JSON: every post of every kind, tags,
countries, campaign pages, the editors' accounts and groups, and the
preview/submission bookkeeping. With import_content it moves a site between
databases (SQLite and PostgreSQL alike) or restores it; pg_dump remains the
backup of record for PostgreSQL (see the README's "Backups").

Left out, because Django rebuilds them or they are transient: content types,
permissions, sessions, the admin's action log and login-attempt records.
"""

from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand

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
