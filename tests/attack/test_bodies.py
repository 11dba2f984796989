"""
Bodies a public page cannot want (issue 16, item 1): a 300 MB multipart
upload to /messages/new/ was read whole and held a worker for 6 s. Django
now refuses oversized, multipart and chunked bodies outside the admin
before anything reads them (nginx does the same in front: see
tests/deploy/test_nginx.py).
"""

import io

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appeals.models import SolidarityMessage
from solidarity.middleware import RequestBodyLimitMiddleware

pytestmark = pytest.mark.django_db

PUBLIC_FORMS = ["/en/messages/new/", "/en/join/", "/en/events/propose/"]


class Unreadable(io.RawIOBase):
    """A request body that must not be read."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = readinto = read


def post_raw(path, length, content_type, extra=None):
    """A POST that claims `length` bytes without sending them, through the
    whole stack (as a slow or lying client would)."""
    client = Client()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "CONTENT_LENGTH": str(length),
        "CONTENT_TYPE": content_type,
        "wsgi.input": Unreadable(),
        **(extra or {}),
    }
    return client.request(**environ)


@pytest.mark.parametrize("path", PUBLIC_FORMS)
def test_an_oversized_body_is_refused_unread(path, settings):
    response = post_raw(path, 300 * 1024 * 1024, "application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "too long for this form" in response.content.decode()
    assert not SolidarityMessage.objects.exists()


@pytest.mark.parametrize("path", PUBLIC_FORMS)
def test_a_file_is_refused_by_forms_that_take_none(client, path, message_data):
    upload = io.BytesIO(b"x" * 1000)
    upload.name = "payload.exe"
    response = client.post(path, {**message_data, "attachment": upload})
    assert response.status_code == 415
    assert "takes no files" in response.content.decode()
    assert not SolidarityMessage.objects.exists()


def test_a_chunked_body_is_refused():
    response = post_raw(
        "/en/messages/new/",
        "",
        "application/x-www-form-urlencoded",
        {"HTTP_TRANSFER_ENCODING": "chunked"},
    )
    assert response.status_code == 411


def test_a_normal_message_still_goes_through(client, message_data):
    assert client.post("/en/messages/new/", message_data).status_code == 302
    assert SolidarityMessage.objects.count() == 1


def test_the_admin_keeps_its_upload_size(editor_client):
    """Pictures up to 20 MB go through the admin: not refused by length."""
    response = post_raw(
        "/admin/posts/article/add/", 5 * 1024 * 1024, "multipart/form-data; boundary=x"
    )
    assert response.status_code != 413


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    length=st.one_of(
        st.integers(min_value=0, max_value=10**12).map(str),
        st.text(max_size=12),
    ),
    content_type=st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=b",
            "MULTIPART/mixed",
            "text/plain",
            "",
        ]
    ),
)
def test_any_declared_body_gets_a_clear_answer(length, content_type):
    from django.conf import settings as django_settings

    refusal = RequestBodyLimitMiddleware.refusal(
        {"CONTENT_LENGTH": length, "CONTENT_TYPE": content_type}
    )
    if refusal is None:
        assert int(length or 0) <= django_settings.PUBLIC_BODY_MAX
    else:
        assert refusal[0] in (400, 413)
