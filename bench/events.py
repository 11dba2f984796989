"""
Benchmark of the meetings pages with 20,000 meetings.

Creates a throwaway test database (SQLite, or PostgreSQL from DATABASE_URL),
fills it with 20,000 published meetings over three years in several time
zones (about two thirds upcoming), and times the pages visitors and
calendar apps hit most: /events/, a filtered /events/, /events.ics and
/events.json. Prints median and 95th percentile per page, the query count,
and whether each is within its target.

    DJANGO_SECRET_KEY=x DJANGO_SECURE_SSL_REDIRECT=0 \
        .venv/bin/python bench/events.py [--meetings 20000] [--runs 20]
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidarity.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
# Measure the views' own work, not the anonymous page cache's hits.
os.environ.setdefault("DJANGO_PAGE_CACHE", "0")
os.environ.setdefault("DJANGO_EXPENSIVE_PER_MINUTE", "0")  # one client, many runs

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Measure the views, not the manifest lookup of collected static files.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

# Milliseconds: the public-site targets (bench/run.py), for a page rendered
# without the page cache.
TARGETS = {"median": 30, "p95": 60}
PAGES = [
    "/en/events/",
    "/en/events/?country=IE&online=in-person",
    "/en/events/?page=50",
    "/en/events.ics",
    "/en/events.ics?country=IE",
    "/en/events.json",
]
ZONES = [
    ("Europe/Dublin", "IE", "Dublin"),
    ("Europe/London", "GB", "London"),
    ("Europe/Paris", "FR", "Paris"),
    ("America/Montreal", "CA", "Montreal"),
    ("America/Caracas", "VE", "Caracas"),
    ("Asia/Karachi", "PK", "Lahore"),
    ("Africa/Johannesburg", "ZA", "Johannesburg"),
    ("Australia/Sydney", "AU", "Sydney"),
]


def seed(count):
    from posts.models import Event, Post

    rng = random.Random(5)
    now = timezone.now()
    posts, events = [], []
    for n in range(count):
        zone, country, city = rng.choice(ZONES)
        starts = now + timedelta(days=rng.uniform(-365, 730))
        posts.append(
            Post(
                kind=Post.Kind.EVENT,
                title=f"Solidarity meeting {n}",
                slug=f"solidarity-meeting-{n}",
                summary="Speakers from the strike committee; all welcome.",
                body="<p>Speakers from the strike committee.</p>" * 5,
                status=Post.Status.PUBLISHED,
                published_at=now - timedelta(days=400),
            )
        )
        events.append(
            {
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=2),
                "timezone": zone,
                "venue_name": "Trade Union Hall",
                "address": "1 Main Street",
                "city": city,
                "country": country,
                "online_url": "https://meet.example.org/x" if n % 3 == 0 else "",
            }
        )
    with transaction.atomic():
        Post.objects.bulk_create(posts, batch_size=1000)
        ids = dict(Post.objects.values_list("slug", "pk"))
        rows = [
            Event(post_ptr_id=ids[post.slug], **fields)
            for post, fields in zip(posts, events, strict=True)
        ]
        # bulk_create refuses multi-table children; insert the child rows
        # directly (their parent rows exist).
        local = list(Event._meta.local_concrete_fields)
        for start in range(0, len(rows), 500):
            Event.objects._insert(rows[start : start + 500], fields=local)
        through = Post.countries.through
        through.objects.bulk_create(
            [
                through(post_id=ids[post.slug], country_id=fields["country"])
                for post, fields in zip(posts, events, strict=True)
            ],
            batch_size=1000,
        )
    # As autovacuum would soon after a bulk load: without statistics the
    # planner guesses a handful of rows and picks plans for that.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return Event.objects.upcoming().count()


def measure(client, path, runs):
    client.get(path)  # warm up
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return statistics.median(timings), p95, len(queries), len(response.content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="Keep the database afterwards and reuse it (for profiling).",
    )
    options = parser.parse_args()

    # No setup_test_environment(): its instrumented template rendering
    # (signals and context copies for every template) is not server time.
    if connection.vendor != "sqlite":
        # Not test_<name>: that one may belong to a test run.
        connection.settings_dict["TEST"]["NAME"] = (
            f"bench_{connection.settings_dict['NAME']}"
        )
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=options.keep)
    try:
        from posts.models import Event

        started = time.perf_counter()
        if Event.objects.exists():
            upcoming = Event.objects.upcoming().count()
        else:
            upcoming = seed(options.meetings)
        print(
            f"{connection.vendor}: {options.meetings} meetings "
            f"({upcoming} upcoming), seeded in {time.perf_counter() - started:.1f}s"
        )
        client = Client()
        failed = False
        print(f"{'page':42} {'median':>8} {'p95':>8} {'queries':>8} {'bytes':>9}")
        for path in PAGES:
            median, p95, queries, size = measure(client, path, options.runs)
            ok = median <= TARGETS["median"] and p95 <= TARGETS["p95"]
            failed |= not ok
            print(
                f"{path:42} {median:7.0f}ms {p95:7.0f}ms {queries:8} {size:9}"
                f"  {'ok' if ok else 'SLOW'}"
            )
    finally:
        if not options.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
