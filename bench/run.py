"""
Server time per request for the public pages, at scale.

    createdb sol_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/sol_bench
    export REDIS_URL=redis://127.0.0.1:6379/4     # optional, as in production
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_content --articles 100000 \\
        --appeals 20000 --events 20000 --messages 1000000
    .venv/bin/python bench/run.py --requests 200

Each page is requested through Django's full stack (middleware, view,
templates, database, cache) in this process with the test client, DEBUG
off; the time is measured around each request, so it is the server's time
without network or a web server in front. Detail pages rotate through many
different posts so no one row stays hot. A few warm-up requests run first
(they fill the count caches, as the first visitor would). Prints a Markdown
table: median, p95 and max in milliseconds and the queries per request.
"Django CPU ms" is this process's CPU time per request (Python: views,
templates, ORM), which other load on the machine disturbs less than the
wall-clock columns; database time is in the wall-clock columns only. The
load average is printed before and after, since a busy machine inflates
every figure. Targets: median < 30 ms, p95 < 60 ms.

PostgreSQL should be set up as a production server would be, with
shared_buffers larger than the database (4GB for the 2.4 GB that the command
above makes: `ALTER SYSTEM SET shared_buffers = '4GB'` and a restart); the
script prewarms the tables and prints both sizes.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidarity.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
# Measure the pages' own work: the anonymous page cache (solidarity/pagecache.py)
# would otherwise answer every repeat of a URL. DJANGO_PAGE_CACHE=1 measures hits.
os.environ.setdefault("DJANGO_PAGE_CACHE", "0")
# One client asks for every page 200 times: no per-client throttle.
os.environ.setdefault("DJANGO_EXPENSIVE_PER_MINUTE", "0")

MEDIAN_TARGET, P95_TARGET = 30.0, 60.0


def pages(Post, Appeal, count):
    """(name, list of URLs) for every page the brief names."""
    published = Post.objects.published()
    articles = [
        f"/en/posts/{slug}/"
        for slug in published.filter(kind="article").values_list("slug", flat=True)[
            :count
        ]
    ]
    appeals = [
        f"/en/appeals/{slug}/"
        for slug in Appeal.objects.published()
        .filter(kind="appeal")
        .values_list("slug", flat=True)[:count]
    ]
    return [
        ("home", ["/en/"]),
        ("timeline page 1", ["/en/posts/"]),
        ("home (Spanish)", ["/es/"]),
        ("timeline page 1 (Spanish)", ["/es/posts/"]),
        ("search (Spanish)", ["/es/search/?q=huelgas"]),
        ("timeline page 2000", ["/en/posts/?page=2000"]),
        ("timeline country+tag", ["/en/posts/?country=VE&tag=labour-rights"]),
        ("search common word", ["/en/search/?q=solidarity"]),
        ("search rare word", ["/en/search/?q=Guaido"]),
        ("article", articles),
        ("appeal", appeals),
        ("messages wall", ["/en/messages/"]),
        ("hub (country)", ["/en/countries/ve/"]),
        ("hub (tag)", ["/en/tags/strikes/"]),
        ("meetings /events/", ["/en/events/"]),
        ("meetings in Ireland", ["/en/events/?country=IE"]),
        ("meetings calendar .ics", ["/en/events.ics"]),
        ("meetings JSON", ["/en/events.json"]),
    ]


def warm_postgres(connection):
    """Read the tables into PostgreSQL's buffers (pg_prewarm, when it can be
    installed), as on a server that has been up for a while, and say whether
    they fit: this machine hands idle page cache back to its host, so a
    database larger than shared_buffers is read from disk again and again."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW shared_buffers")
        buffers = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            cursor.execute(
                "SELECT count(pg_prewarm(c.oid)) FROM pg_class c"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')"
            )
            warmed = "tables and indexes prewarmed"
        except Exception as error:  # noqa: BLE001 (a report, not a failure)
            warmed = f"not prewarmed ({type(error).__name__})"
    return f"database {size}, shared_buffers {buffers}: {warmed}\n"


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--only", help="Run only pages whose name contains this.")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client

    from appeals.models import Appeal
    from posts.models import Post

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()
    print(
        f"{connection.vendor}, {Post.objects.count():,} posts, "
        f"cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}, "
        f"{args.requests} requests each\n"
    )
    if connection.vendor == "postgresql":
        print(warm_postgres(connection))
    print(f"load average before: {os.getloadavg()[0]:.1f}\n")
    print("| page | median ms | p95 ms | max ms | Django CPU ms | queries | target |")
    print("|---|---:|---:|---:|---:|---:|---|")
    missed = []
    for name, urls in pages(Post, Appeal, args.requests):
        if args.only and args.only not in name:
            continue
        if not urls:
            print(f"| {name} | – | – | – | – | – | no published rows |")
            continue
        statuses = {client.get(urls[n % len(urls)]).status_code for n in range(2)}
        if statuses != {200}:
            print(f"| {name} | – | – | – | – | – | HTTP {statuses}: too little data |")
            continue
        for n in range(args.warmup):
            client.get(urls[n % len(urls)])
        times, cpu, queries = [], [], []
        for n in range(args.requests):
            url = urls[n % len(urls)]
            connection.force_debug_cursor = True
            reset_queries()
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            cpu.append((time.process_time() - started_cpu) * 1000)
            connection.force_debug_cursor = False
            assert response.status_code == 200, (url, response.status_code)
            times.append(elapsed)
            queries.append(len(connection.queries))
        median, p95 = statistics.median(times), percentile(times, 0.95)
        ok = median < MEDIAN_TARGET and p95 < P95_TARGET
        if not ok:
            missed.append(name)
        print(
            f"| {name} | {median:.1f} | {p95:.1f} | {max(times):.1f} | "
            f"{statistics.median(cpu):.1f} | {statistics.median(queries):.0f} | "
            f"{'met' if ok else 'MISSED'} |"
        )
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")
    print("All targets met." if not missed else f"Missed: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
