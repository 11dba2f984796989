"""The WSGI ceiling for bench/figures.py: no Django, the same bytes that a
page of the site answered (body and headers, saved by figures.py), as fast
as gunicorn can serve anything. Never deployed."""

import json
import os
from pathlib import Path

SAVED = Path(os.environ["BENCH_CEILING_PAGE"])
BODY = SAVED.with_suffix(".body").read_bytes()
HEADERS = [(name, value) for name, value in json.loads(SAVED.read_text())]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
