import pytest
import redis
from django.conf import settings as django_settings

from tests import factories, services
from tests.factories import form_started


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Fast, isolated settings for every test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "tests.immediate_tasks.ImmediateBackend"}}
    settings.MAILING_PER_MINUTE = 0
    # Absolute links come from here, never from the request's Host.
    settings.SITE_URL = "http://testserver"
    # One test client asks for many filtered lists; tests/attack/
    # test_throttle.py turns the throttle on.
    settings.EXPENSIVE_PER_MINUTE = 0
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def _clear_cache(monkeypatch):
    from django.core.cache import cache, caches

    from solidarity import cachebreaker, pagecache, pagehits

    # Each process looks for untold changes once a second; on a slow machine
    # a query-count block can span that second and count the look-up. Tests
    # of the fail-closed rule set it to 0 (a failure forces a look anyway).
    monkeypatch.setattr(pagecache, "CLOSED_CHECK_SECONDS", 3600)

    cachebreaker.reset()
    pagecache._closed["until"] = 0.0
    pagecache._known_params.clear()  # tests swap URL configurations
    pagehits._replies.clear()
    cache.clear()
    caches["fragments"].clear()
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
        "language": "es",
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


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a loopback port, and the site sending to it."""
    from tests.smtp import SMTPServer

    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield server
    server.stop()


@pytest.fixture
def own_redis(settings, tmp_path):
    """A real Redis server of our own on a free loopback port, set as the
    cache (through the project's own options: breaker and timeouts), so a
    test may fill it up or pause it without touching the shared one."""
    server = services.require_program("redis-server", "redis-server")
    port = services.free_port()
    process = services.start(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--maxmemory",
            "3mb",
            "--maxmemory-policy",
            "noeviction",
        ],
        "redis-server",
        services.port_answers(port),
        tmp_path / "redis.log",
    )
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {
                **django_settings.CACHES["default"].get("OPTIONS", {}),
                "IGNORE_EXCEPTIONS": True,
                "CONNECTION_FACTORY": (
                    "solidarity.cachebreaker.BreakerConnectionFactory"
                ),
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        },
    }
    try:
        yield redis.Redis(port=port)
    finally:
        services.stop(process)
