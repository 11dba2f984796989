import pytest

from tests import factories
from tests.factories import form_started


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Fast, isolated settings for every test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def _clear_cache(monkeypatch):
    from django.core.cache import cache

    from solidarity import cachebreaker, pagecache

    # Each process looks for untold changes once a second; on a slow machine
    # a query-count block can span that second and count the look-up. Tests
    # of the fail-closed rule set it to 0 (a failure forces a look anyway).
    monkeypatch.setattr(pagecache, "CLOSED_CHECK_SECONDS", 3600)

    cachebreaker.reset()
    pagecache._closed["until"] = 0.0
    pagecache._known_params.clear()  # tests swap URL configurations
    pagecache._local_copies.clear()
    cache.clear()
    yield
    cachebreaker.reset()
    pagecache._closed["until"] = 0.0
    cache.clear()


@pytest.fixture
def article(db):
    return factories.make_article()


@pytest.fixture
def appeal(db):
    return factories.make_appeal()


@pytest.fixture
def event(db):
    return factories.make_event()


@pytest.fixture
def editor(db):
    return factories.make_user(group="Editors")


@pytest.fixture
def organiser(db):
    return factories.make_user(group="Organisers")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def django_assert_num_queries(django_assert_num_queries):
    """pytest-django's fixture, after priming the page cache's content version.

    The version costs one query per content change, not per page
    (solidarity/pagecache.py); tests write content just before they count.
    """
    from solidarity import pagecache

    def assert_num_queries(num, *args, **kwargs):
        pagecache.content_version()
        pagecache.cache_closed()
        return django_assert_num_queries(num, *args, **kwargs)

    return assert_num_queries


@pytest.fixture
def message_data():
    """A valid message form submission, served 30 seconds ago."""
    return {
        "author_name": "Maria Lopez",
        "organisation": "Dockers' Union",
        "role": "Branch secretary",
        "city": "Valencia",
        "country": "ES",
        "email": "maria@example.org",
        "language": "Spanish",
        "text": "Your struggle is our struggle. Free the miners!",
        "show_name": "on",
        "consent": "on",
        "started": form_started(),
        "website": "",
    }


@pytest.fixture
def supporter_data():
    return {
        "kind": "person",
        "name": "Ana Silva",
        "email": "ana@example.org",
        "country": "PT",
        "city": "Porto",
        "organisation": "",
        "organisation_type": "",
        "help_with": ["appeals", "events"],
        "message": "",
        "consent": "on",
        "started": form_started(form_id="join"),
        "website": "",
    }
