"""
The CPU a page-cache hit costs in-process (no server, no network between
client and Django): the home page and an appeal page (which carries the
message form, so each copy gets its own signed start time), each requested
2,000 times after two warm-up requests.

    DJANGO_DEBUG=1 DATABASE_URL=sqlite:////tmp/hit.sqlite3 \\
        DJANGO_ALLOWED_HOSTS=localhost .venv/bin/python bench/hit_cpu.py
    (add REDIS_URL=redis://127.0.0.1:6379/11 for the shared cache)

It creates 30 articles and one appeal in an empty database. Prints
milliseconds of CPU per hit; compare runs in the same session.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidarity.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from posts.models import Post  # noqa: E402
from tests import factories  # noqa: E402

REQUESTS = 2000


def main():
    call_command("migrate", verbosity=0)
    if not Post.objects.exists():
        for n in range(30):
            factories.make_article(title=f"Article {n}", tags=["labour"])
        factories.make_appeal(title="Hot appeal", slug="hot-appeal")
    client = Client(HTTP_HOST="localhost")
    for path in ("/", "/appeals/hot-appeal/"):
        client.get(path)
        response = client.get(path)
        assert response["X-Page-Cache"] == "hit", response.status_code
        started = time.process_time()
        for _ in range(REQUESTS):
            client.get(path)
        cpu = (time.process_time() - started) / REQUESTS * 1000
        print(f"{path}: {cpu:.3f} ms CPU a hit ({len(response.content)} bytes)")


if __name__ == "__main__":
    main()
