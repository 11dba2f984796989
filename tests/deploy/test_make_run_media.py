"""`make run` (DEBUG): an uploaded picture is served at once by Django."""

from tests.test_settings import run

# Static files without a manifest: a production page (the 404) names them,
# and no collectstatic has run in a fresh clone.
SCRIPT = """
from django.conf import settings
from django.test import Client, override_settings
from tests import pictures
picture = pictures.save_picture(pictures.plain((500, 300), "JPEG"))
plain = "django.contrib.staticfiles.storage.StaticFilesStorage"
with override_settings(
    STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": plain}}
):
    response = Client().get(picture.url, HTTP_HOST="localhost")
print(response.status_code, response["Content-Type"], picture.url)
"""


def test_make_run_serves_uploaded_pictures(tmp_path):
    result = run(
        ["-c", "import django; django.setup()\n" + SCRIPT],
        DJANGO_DEBUG="1",
        DJANGO_MEDIA_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    status, content_type, url = result.stdout.split()
    assert (status, content_type) == ("200", "image/jpeg")
    assert url.startswith("/media/pictures/")


def test_production_leaves_media_to_the_web_server(tmp_path):
    result = run(
        ["-c", "import django; django.setup()\n" + SCRIPT],
        DJANGO_SECRET_KEY="x",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_MEDIA_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "404"
