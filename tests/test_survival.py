"""Liveness and health endpoints, the 503 page when the database is away,
recovery without a restart, and exactly-once form submissions."""

import os
import subprocess
import sys
import time
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client

from solidarity.idempotency import IdempotentFormMixin, submit_once
from solidarity.models import SubmissionToken
from tests import factories
from tests.browser.conftest import _reference_data  # noqa: F401 (fixture)


def test_alive_needs_no_database(client):
    with mock.patch.object(
        connection, "ensure_connection", side_effect=OperationalError("down")
    ):
        response = client.get("/-/alive/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_health_reports_database_and_cache(client):
    response = client.get("/-/health/")
    assert response.status_code == 200
    assert response.content == b"database: ok\ncache: ok\n"


@pytest.mark.django_db
def test_health_is_503_when_the_database_is_down(client):
    with mock.patch(
        "solidarity.views.check_database", side_effect=OperationalError("down")
    ):
        response = client.get("/-/health/")
    assert response.status_code == 503
    assert b"database: error: OperationalError" in response.content
    assert b"cache: ok" in response.content


@pytest.mark.django_db
def test_health_is_503_when_the_cache_is_down(client):
    with mock.patch("solidarity.views.cache.set", side_effect=ConnectionError):
        response = client.get("/-/health/")
    assert response.status_code == 503
    assert b"cache: error: ConnectionError" in response.content


def database_down():
    return mock.patch.object(
        connection,
        "ensure_connection",
        side_effect=OperationalError("connection refused"),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/", "/en/posts/", "/en/appeals/", "/en/events/"])
def test_public_pages_answer_503_in_the_site_design(client, path):
    with database_down():
        started = time.monotonic()
        response = client.get(path)
    assert time.monotonic() - started < 3
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "10"
    assert response.headers["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "Back in a moment" in html
    assert 'class="site-header"' in html


@pytest.mark.django_db
def test_database_error_outside_a_view_is_503_too(editor):
    """An editor's session is loaded from the database by middleware, before
    any view: handler500 turns that failure into the same 503."""
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    with database_down():
        response = client.get("/admin/")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "10"


@pytest.mark.django_db
def test_a_real_bug_is_still_a_500():
    client = Client(raise_request_exception=False)
    with mock.patch("solidarity.views.HomeView.get_context_data", side_effect=KeyError):
        response = client.get("/en/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a real connection failure"
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_reference_data")
def test_recovers_when_the_database_returns(client):
    """PostgreSQL unreachable (a closed port): fast 503s; back: pages at once,
    on the same process, without a restart."""
    factories.make_article(title="Still here")
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"
    try:
        started = time.monotonic()
        response = client.get("/en/posts/")
        assert time.monotonic() - started < 3
        assert response.status_code == 503
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port
    response = client.get("/en/posts/")
    assert response.status_code == 200
    assert b"Still here" in response.content


def test_web_server_sets_a_statement_timeout():
    """gunicorn loads solidarity.wsgi, which limits every query to 2 s."""
    code = (
        "import solidarity.wsgi; from django.conf import settings; "
        "print(settings.DATABASES['default']['OPTIONS'])"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://u@127.0.0.1:5432/x",
        "DJANGO_SECRET_KEY": "x",
    }
    env.pop("DJANGO_DB_STATEMENT_TIMEOUT", None)
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True
    )
    assert "-c statement_timeout=2000" in result.stdout, result.stderr
    assert "'connect_timeout': 2" in result.stdout


class MessageForm(IdempotentFormMixin):
    pass


@pytest.mark.django_db
def test_double_submit_saves_once():
    form = MessageForm()
    token = form.initial["submission_token"]
    saved = []
    for _ in range(2):
        bound = MessageForm({"submission_token": token})
        assert bound.is_valid()
        with submit_once(bound.cleaned_data["submission_token"]) as first:
            if first:
                saved.append(factories.make_message())
    assert len(saved) == 1
    assert SubmissionToken.objects.filter(token=token).count() == 1


@pytest.mark.django_db
def test_failed_save_frees_the_token_for_a_retry():
    token = MessageForm().initial["submission_token"]
    with pytest.raises(OperationalError), submit_once(token) as first:
        assert first
        raise OperationalError("database went away mid-save")
    assert not SubmissionToken.objects.filter(token=token).exists()
    with submit_once(token) as first:
        assert first


def test_a_forged_token_is_refused():
    form = MessageForm({"submission_token": "../../etc"})
    assert not form.is_valid()
    assert "expired" in form.errors["submission_token"][0]


def test_every_form_gets_a_fresh_token():
    assert (
        MessageForm().initial["submission_token"]
        != (MessageForm().initial["submission_token"])
    )
