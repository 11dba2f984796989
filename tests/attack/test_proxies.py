"""
Who the client is and which scheme it used, believed only from configured
proxies (DJANGO_TRUSTED_PROXIES), and absolute links only from
DJANGO_SITE_URL (issue 16, items 3, 7 and 14): a spoofed X-Forwarded-Proto
once made a cached page's canonical link say https for everyone, a Host
header put its port into the confirmation email, and django-axes locked
out only (username, address) pairs.
"""

import ipaddress

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory, override_settings
from hypothesis import given
from hypothesis import strategies as st

from solidarity import antispam
from solidarity.middleware import TrustedProxyMiddleware
from solidarity.settings import proxy_networks
from tests import factories

pytestmark = pytest.mark.django_db

NGINX = "127.0.0.1"
PROXIES = proxy_networks("127.0.0.1,10.0.0.0/8")
addresses = st.one_of(
    st.ip_addresses(v=4).map(str), st.ip_addresses(v=6).map(str)
).filter(lambda a: not ipaddress.ip_address(a).is_loopback)


def seen(remote, forwarded=None, proto=None):
    """(client address, scheme) as the app sees them after the middleware."""
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    if proto is not None:
        extra["HTTP_X_FORWARDED_PROTO"] = proto
    request = RequestFactory().get("/", **extra)
    TrustedProxyMiddleware(lambda r: None)(request)
    return antispam.client_ip(request), request.scheme


@given(peer=addresses, spoofed=st.lists(addresses, max_size=4))
def test_headers_from_anyone_else_are_ignored(peer, spoofed):
    if ipaddress.ip_address(peer) in ipaddress.ip_network("10.0.0.0/8"):
        return
    with override_settings(TRUSTED_PROXIES=PROXIES):
        assert seen(peer, ", ".join(spoofed), "https") == (peer, "http")


@given(client=addresses, spoofed=st.lists(addresses, max_size=4))
def test_behind_trusted_proxies_the_client_is_the_first_untrusted_hop(client, spoofed):
    if ipaddress.ip_address(client) in ipaddress.ip_network("10.0.0.0/8"):
        return
    # What the client wrote itself, then the client as a trusted load
    # balancer saw it, then that balancer as nginx saw it.
    chain = ", ".join([*spoofed, client, "10.1.2.3"])
    with override_settings(TRUSTED_PROXIES=PROXIES):
        assert seen(NGINX, chain, "https") == (client, "https")


def test_a_count_of_proxies_is_refused_with_the_new_format():
    with pytest.raises(ImproperlyConfigured, match="127.0.0.1,::1"):
        proxy_networks("1")
    with pytest.raises(ImproperlyConfigured, match="not an address"):
        proxy_networks("nginx")
    assert proxy_networks("0") == ()
    assert proxy_networks("") == ()


def test_a_spoofed_scheme_cannot_skip_the_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.TRUSTED_PROXIES = proxy_networks(NGINX)
    outside = client.get(
        "/-/alive/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="203.0.113.5"
    )
    assert outside.status_code == 301
    behind = client.get("/-/alive/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR=NGINX)
    assert behind.status_code == 200


def test_a_spoofed_scheme_never_reaches_a_cached_page(client, settings):
    settings.SITE_URL = "http://campaign.example.org"
    factories.make_article(title="Scheme check")
    first = client.get("/en/posts/", HTTP_X_FORWARDED_PROTO="https")
    second = client.get("/en/posts/")
    assert second["X-Page-Cache"] == "hit"
    for response in (first, second):
        assert b"https://" not in response.content.split(b"</head>")[0]


def test_emailed_links_take_nothing_from_the_host_header(
    client, settings, supporter_data, message_data, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://campaign.example.org"
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    settings.EDITORS_EMAILS = ["editors@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        for path, data in (
            ("/en/join/", supporter_data),
            ("/en/messages/new/", message_data),
        ):
            response = client.post(path, data, HTTP_HOST="localhost:6666")
            assert response.status_code == 302
    assert len(mail.outbox) == 3  # confirmation, two to the editors
    for email in mail.outbox:
        assert "6666" not in email.body and "localhost" not in email.body
        assert "https://campaign.example.org/" in email.body


@pytest.mark.parametrize(
    "path",
    [
        "/en/feed/",
        "/en/feed/atom/",
        "/en/appeals/feed/",
        "/robots.txt",
        "/en/events.json",
    ],
)
def test_feeds_and_json_take_nothing_from_the_host_header(client, settings, path):
    settings.SITE_URL = "https://campaign.example.org"
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    factories.make_article(title="Host check")
    factories.make_appeal(title="Host appeal")
    factories.make_event(title="Host meeting")
    response = client.get(path, HTTP_HOST="localhost:6666")
    assert response.status_code == 200
    assert b"localhost" not in response.content
    assert b"https://campaign.example.org/" in response.content


def test_pages_take_nothing_from_the_host_header(client, settings):
    settings.SITE_URL = "https://campaign.example.org"
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    article = factories.make_article(title="Host check")
    appeal = factories.make_appeal(title="Host appeal")
    for path in (article.get_absolute_url(), appeal.get_absolute_url()):
        response = client.get(path, HTTP_HOST="localhost:6666")
        assert b"localhost" not in response.content, path


def login(address, username):
    return Client().post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": "wrong"},
        REMOTE_ADDR=address,
    )


def test_one_address_trying_many_usernames_is_locked_out(settings):
    """4 passwords on each of 6 usernames went unnoticed."""
    settings.AXES_FAILURE_LIMIT = 5
    statuses = [login("203.0.113.9", f"user{n}").status_code for n in range(6)]
    assert statuses[:4] == [200] * 4
    assert statuses[-1] == 429
    assert login("198.51.100.1", "someone").status_code == 200


def test_many_addresses_trying_one_username_are_locked_out(settings, editor):
    """12 addresses with 4 tries each on one account went unnoticed."""
    settings.AXES_FAILURE_LIMIT = 5
    statuses = [login(f"203.0.113.{n}", editor.username).status_code for n in range(12)]
    assert statuses[:4] == [200] * 4
    assert set(statuses[5:]) == {429}


def test_lockout_follows_the_trusted_proxy_rule(settings, editor):
    """A spoofed X-Forwarded-For does not give each try a new address."""
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXIES = proxy_networks(NGINX)
    statuses = [
        Client()
        .post(
            "/admin/login/?next=/admin/",
            {"username": f"user{n}", "password": "wrong"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
        .status_code
        for n in range(4)
    ]
    assert statuses[-1] == 429
