"""
The site as gunicorn serves it, plus what the load scripts compare against:
a bare Django view (/-/bench/bare/) and a copy of the home page's HTML served
by WhiteNoise as a static file (/bench-home.html, from BENCH_STATIC_DIR).
Only for bench/load.py; never deployed.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidarity.settings")
os.environ.setdefault("DJANGO_DB_STATEMENT_TIMEOUT", "2000")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()
settings.ROOT_URLCONF = "bench.urls"
if os.environ.get("BENCH_STATIC_DIR"):
    settings.WHITENOISE_ROOT = os.environ["BENCH_STATIC_DIR"]

from django.core.wsgi import get_wsgi_application  # noqa: E402

from solidarity.pagehits import PageHits  # noqa: E402

# As solidarity/wsgi.py: page-cache hits replayed before Django.
application = PageHits(get_wsgi_application())
