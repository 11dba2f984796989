"""
The CPU a page-cache hit costs in-process (no server, no network between
client and site): the home page and an appeal page (which carries the
message form, so each copy gets its own signed start time), each requested
2,000 times after warm-up, through solidarity/wsgi.py's application as
gunicorn calls it: a hit replayed before Django (solidarity/pagehits.py),
and, for comparison, Django's own hit (the application without the replay).

    DJANGO_DEBUG=1 DATABASE_URL=sqlite:////tmp/hit.sqlite3 \\
        DJANGO_ALLOWED_HOSTS=localhost .venv/bin/python bench/hit_cpu.py
    (add REDIS_URL=redis://127.0.0.1:6379/11 for the shared cache)

It creates 30 articles and one appeal in an empty database. Prints
milliseconds of CPU per hit; compare runs in the same session.
"""

import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidarity.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from posts.models import Post  # noqa: E402
from solidarity.wsgi import application, django_application  # noqa: E402
from tests import factories  # noqa: E402

REQUESTS = 2000


def environ(path):
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "localhost",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
    }


def request(app, path):
    sent = {}

    def start_response(status, headers, exc_info=None):
        sent.update(status=status, headers=dict(headers))

    result = app(environ(path), start_response)
    body = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    return sent, body


def main():
    call_command("migrate", verbosity=0)
    if not Post.objects.exists():
        for n in range(30):
            factories.make_article(title=f"Article {n}", tags=["labour"])
        factories.make_appeal(title="Hot appeal", slug="hot-appeal")
    for path in ("/en/", "/en/appeals/hot-appeal/"):
        for name, app in (("replayed", application), ("Django's", django_application)):
            for _ in range(3):
                sent, body = request(app, path)
            assert sent["headers"].get("X-Page-Cache") == "hit", sent["status"]
            started = time.process_time()
            for _ in range(REQUESTS):
                request(app, path)
            cpu = (time.process_time() - started) / REQUESTS * 1000
            print(f"{path}: {cpu:.3f} ms CPU a {name} hit ({len(body)} bytes)")


if __name__ == "__main__":
    main()
