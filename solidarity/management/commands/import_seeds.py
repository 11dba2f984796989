"""
Import the seed documents (scraped campaign pages) as posts.

`python manage.py import_seeds [PATH ...]` reads every .txt file in seeds/
(or the files and folders given), recognises each page's shape, and creates
or updates articles, appeals, meetings, solidarity messages and the join and
donate texts. Re-running changes nothing; items an editor has changed since
are left alone unless --force. Parsing lives in solidarity.importer.parse,
writing in solidarity.importer.load; this command only reports.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from posts.models import Post
from solidarity.importer.load import KINDS, import_file


class Command(BaseCommand):
    help = (
        "Import scraped campaign pages (default: every .txt in seeds/) as "
        "articles, appeals, meetings, messages and join/donate texts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="Files or folders of .txt files (default: seeds/)."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be created or updated, and write nothing.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite items that an editor has changed since they were imported.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Import only if the site has no posts yet (used by `make run`).",
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        dry_run = options["dry_run"]
        if options["if_empty"] and Post.objects.exists():
            if verbosity:
                self.stdout.write("The site already has posts: seeds not imported.")
            return
        paths = self.expand(options["paths"] or [Path(settings.BASE_DIR) / "seeds"])
        results = []
        for path in paths:
            result = import_file(path, force=options["force"], dry_run=dry_run)
            results.append(result)
            if result.error:
                self.stderr.write(self.style.ERROR(result.error))
            elif verbosity:
                self.stdout.write(self.progress(result))
                if dry_run or verbosity > 1:
                    for change in result.changes:
                        self.stdout.write(f"  {change}")
        if verbosity:
            self.report([r for r in results if not r.error], dry_run)
        failed = [r for r in results if r.error]
        if failed:
            others = (
                "nothing was written (dry run)"
                if dry_run
                else "the others were imported"
            )
            raise CommandError(
                f"{len(failed)} of {len(results)} files failed; {others} "
                "(see the errors above)."
            )

    @staticmethod
    def expand(paths):
        """Folders become their .txt files (sorted); files stay as given."""
        expanded = []
        for path in map(Path, paths):
            if path.is_dir():
                expanded.extend(sorted(path.glob("*.txt")))
            else:
                expanded.append(path)
        return expanded

    @staticmethod
    def progress(result):
        made = ", ".join(
            f"{total} {kind}{'s' if total != 1 else ''}"
            for kind in KINDS
            if (
                total := sum(vars(result.tallies[kind]).values())
                - result.tallies[kind].needs_review
            )
        )
        return f"{result.name}: {result.shape}: {made or 'nothing to import'}"

    def report(self, results, dry_run):
        w = self.stdout.write
        w("")
        columns = ("created", "updated", "unchanged", "kept", "needs review")
        w(f"{'':10}" + "".join(f"{c:>{len(c) + 2}}" for c in columns))
        for kind in KINDS:
            t = [r.tallies[kind] for r in results]
            totals = [sum(getattr(x, c.replace(" ", "_")) for x in t) for c in columns]
            w(
                f"{kind + 's':10}"
                + "".join(
                    f"{n:>{len(c) + 2}}" for c, n in zip(columns, totals, strict=True)
                )
            )
        w("(kept: changed in the admin since the last import, left alone)")
        for title, attr in (
            ("Dates (as precise as the text allows, and why)", "dates"),
            ("Needs review (drafts)", "review"),
            ("Warnings", "warnings"),
            ("Skipped, not posts", "skipped"),
        ):
            lines = [line for r in results for line in getattr(r, attr)]
            if lines:
                w(f"\n{title} ({len(lines)}):")
                for line in lines:
                    w(f"  {line}")
        if dry_run:
            w(self.style.WARNING("\nDry run: nothing was written."))
        else:
            w(self.style.SUCCESS(f"\nImported {len(results)} file(s)."))
