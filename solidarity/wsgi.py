import os
from importlib import import_module

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidarity.settings")
# Web requests give up on a query after 2 s (a 503, not a hung worker);
# see DATABASES in settings.py.
os.environ.setdefault("DJANGO_DB_STATEMENT_TIMEOUT", "2000")
# Refuse to serve without a secret key when DEBUG is off.
import_module(os.environ["DJANGO_SETTINGS_MODULE"]).require_secret_key()

django_application = get_wsgi_application()

from solidarity.pagehits import PageHits  # noqa: E402 (imports models: after setup)

# Page-cache hits are replayed before Django where they can be
# (solidarity/pagehits.py); everything else is Django's.
application = PageHits(django_application)
