import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidarity.settings")
# Web requests give up on a query after 2 s (a 503, not a hung worker);
# see DATABASES in settings.py.
os.environ.setdefault("DJANGO_DB_STATEMENT_TIMEOUT", "2000")

application = get_wsgi_application()
