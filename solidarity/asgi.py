import os
from importlib import import_module

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidarity.settings")
# Refuse to serve without a secret key when DEBUG is off.
import_module(os.environ["DJANGO_SETTINGS_MODULE"]).require_secret_key()

application = get_asgi_application()
