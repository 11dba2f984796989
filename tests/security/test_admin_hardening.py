"""Admin hardening: login lockout, a configurable admin address, sessions
that end."""

import importlib
import time

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.urls import clear_url_caches, reverse

from solidarity.middleware import StaffSessionTimeoutMiddleware
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def attempt(client, username, password):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR="203.0.113.9",
    )


def test_repeated_failures_lock_the_account_out(settings, editor):
    """After AXES_FAILURE_LIMIT wrong passwords even the right one is refused."""
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(2):
        assert attempt(client, editor.username, "wrong").status_code == 200
    locked = attempt(client, editor.username, "wrong")
    assert locked.status_code == 429
    assert b"Too many failed logins" in locked.content
    refused = attempt(client, editor.username, "password")
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username=editor.username).exists()


def test_lockout_leaves_other_accounts_at_other_addresses_alone(settings, editor):
    settings.AXES_FAILURE_LIMIT = 2
    other = make_user(group="Editors")
    client = Client()
    for _ in range(2):
        attempt(client, editor.username, "wrong")
    other_address = client.post(
        "/admin/login/?next=/admin/",
        {"username": other.username, "password": "password"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert other_address.status_code == 302


def test_success_resets_the_failure_count(settings, editor):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    attempt(client, editor.username, "wrong")
    attempt(client, editor.username, "wrong")
    assert attempt(client, editor.username, "password").status_code == 302
    client.logout()
    for _ in range(2):
        assert attempt(client, editor.username, "wrong").status_code == 200


def test_test_client_login_still_works(client, editor):
    """Code that authenticates without a request (client.login, a shell) goes
    straight to the model backend."""
    assert client.login(username=editor.username, password="password")


@pytest.fixture
def reload_urls(settings):
    def reload(admin_url):
        settings.ADMIN_URL = admin_url
        import solidarity.urls

        importlib.reload(solidarity.urls)
        clear_url_caches()

    yield reload
    settings.ADMIN_URL = "admin/"
    import solidarity.urls

    importlib.reload(solidarity.urls)
    clear_url_caches()


def test_admin_address_is_configurable(reload_urls, editor_client):
    reload_urls("office-7f3a/")
    assert reverse("admin:index") == "/office-7f3a/"
    assert editor_client.get("/office-7f3a/").status_code == 200
    assert editor_client.get("/admin/").status_code == 404


def test_admin_address_gets_the_admin_policy(reload_urls, editor_client):
    reload_urls("office-7f3a/")
    response = editor_client.get("/office-7f3a/posts/article/add/")
    assert "'unsafe-inline'" in response.headers["Content-Security-Policy"]


def last_seen(client, seconds_ago):
    key = StaffSessionTimeoutMiddleware.cache_key(client.session.session_key)
    cache.set(key, int(time.time()) - seconds_ago)


def test_idle_staff_session_is_logged_out(settings, editor_client):
    settings.STAFF_IDLE_TIMEOUT = 60
    assert editor_client.get("/admin/").status_code == 200
    last_seen(editor_client, 61)
    response = editor_client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.headers["Location"]


def test_active_staff_session_stays(settings, editor_client):
    settings.STAFF_IDLE_TIMEOUT = 60
    assert editor_client.get("/admin/").status_code == 200
    last_seen(editor_client, 30)
    assert editor_client.get("/admin/").status_code == 200
    assert editor_client.get("/admin/").status_code == 200


def test_sessions_expire(settings):
    """Sessions are bounded even for an editor who keeps working."""
    from django.conf import settings as live

    assert live.SESSION_COOKIE_AGE <= 12 * 3600
    assert live.SESSION_COOKIE_HTTPONLY
    assert live.SESSION_COOKIE_SAMESITE in ("Lax", "Strict")
