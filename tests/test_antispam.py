import time

import pytest
from django import forms
from django.core import signing
from django.test import RequestFactory

from solidarity import antispam


class ContactForm(antispam.SpamProtectedForm):
    name = forms.CharField()


def submitted(started_ago, **data):
    token = antispam.sign_start(ContactForm.form_id, time.time() - started_ago)
    return ContactForm(data={"name": "Ana", "started": token, **data})


def test_person_taking_their_time_passes():
    form = submitted(started_ago=30)
    assert form.is_valid()
    assert not form.is_bot


def test_filled_honeypot_is_a_bot():
    form = submitted(started_ago=30, website="http://spam.example")
    form.is_valid()
    assert form.is_bot


def test_too_fast_is_a_bot():
    form = submitted(started_ago=0.5)
    form.is_valid()
    assert form.is_bot


def test_forged_or_missing_timestamp_is_a_bot():
    form = ContactForm(data={"name": "Ana", "started": "123"})
    form.is_valid()
    assert form.is_bot


def test_stale_form_asks_to_send_again():
    form = submitted(started_ago=antispam.MAX_AGE + 60)
    assert not form.is_valid()
    assert "send it again" in str(form.non_field_errors())


def test_each_copy_of_a_form_gets_its_own_signed_start():
    """A form renders a placeholder; each copy handed out (cached or not)
    gets a start time signed for that form alone."""
    html = str(ContactForm()["started"]).encode()
    assert antispam.form_token_mark() in html
    one, two = antispam.fill_form_tokens(html), antispam.fill_form_tokens(html)
    assert antispam.form_token_mark() not in one
    started = one.split(b'value="')[1].split(b'"')[0].decode()
    salt = f"{antispam._SALT}:{ContactForm.form_id}"
    assert time.time() - signing.loads(started, salt=salt) < 5
    assert one != two


def test_a_token_is_bound_to_its_form():
    class OtherForm(antispam.SpamProtectedForm):
        form_id = "other"

    token = antispam.sign_start("other", time.time() - 30)
    assert OtherForm(data={"started": token}).is_valid()
    form = ContactForm(data={"name": "Ana", "started": token})
    form.is_valid()
    assert form.is_bot


def test_rate_limit_counts_per_client():
    factory = RequestFactory()
    first = factory.post("/en/", REMOTE_ADDR="203.0.113.5")
    other = factory.post("/en/", REMOTE_ADDR="203.0.113.6")
    results = [antispam.rate_limited(first, "test", 3, 3600) for _ in range(4)]
    assert results == [False, False, False, True]
    assert not antispam.rate_limited(other, "test", 3, 3600)


def test_ip_hash_hides_the_address():
    request = RequestFactory().get("/en/", REMOTE_ADDR="198.51.100.7")
    digest = antispam.ip_hash(request)
    assert "198.51.100.7" not in digest
    assert len(digest) == 64


@pytest.mark.django_db
def test_too_many_requests_page(rf):
    response = antispam.too_many_requests(rf.get("/en/"), retry_after=600)
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert b"10 minutes" in response.content
