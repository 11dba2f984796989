"""
Private data never reaches public output.

A unique email address, IP hash and (for an anonymous sender) name are
planted in solidarity messages and supporters, pending and approved; then
every public URL the project has is fetched, found by walking the URL
configuration (so pages other features add later are covered too), with
each known slug filled in, and with a search query for the planted address.
None of the planted values may appear in any response.
"""

import re
from uuid import uuid4

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils import timezone

from tests.factories import (
    make_appeal,
    make_article,
    make_event,
    make_message,
    make_supporter,
)

pytestmark = pytest.mark.django_db

PRIVATE_PREFIXES = ("admin/",)
# Converters we cannot fill in from public data: skip those routes.
UNFILLABLE = ("<str:token>", "<path:")


def routes(patterns=None, prefix=""):
    """Every route string of the project's URLconf outside the admin."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern.pattern, LocalePrefixPattern):
            # i18n_patterns: every page in each language.
            for code, _name in settings.LANGUAGES:
                yield from routes(pattern.url_patterns, f"{prefix}{code}/")
            continue
        if not isinstance(pattern.pattern, RoutePattern):
            continue  # regex routes: static and media files in development
        route = prefix + str(pattern.pattern)
        if route.startswith(PRIVATE_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def fill(route, values):
    """Every way of filling `route`'s converters from `values`."""
    if "<" not in route:
        return [route]
    head, rest = route.split("<", 1)
    spec, tail = rest.split(">", 1)
    converter = spec.split(":")[0] if ":" in spec else "str"
    return [
        head + value + filled
        for value in values.get(converter, [])
        for filled in fill(tail, values)
    ]


@pytest.fixture
def planted():
    token = f"planted-{uuid4().hex[:12]}"
    email = f"{token}@private.example"
    ip = uuid4().hex * 2
    hidden_name = f"Hidden{uuid4().hex[:8]}"
    appeal = make_appeal(countries=["ES"], tags=["miners"])
    messages = [
        make_message(
            appeal=appeal,
            email=email,
            ip_hash=ip,
            moderation=moderation,
            show_name=show_name,
            author_name=hidden_name if not show_name else "Maria Lopez",
            organisation=hidden_name if not show_name else "Dockers",
            city=hidden_name if not show_name else "Valencia",
            role=hidden_name if not show_name else "Secretary",
        )
        for moderation in ("approved", "pending", "rejected", "spam")
        for show_name in (True, False)
    ]
    make_message(email=email, country="IR", show_name=False, author_name=hidden_name)
    make_supporter(email=email, ip_hash=ip, name=hidden_name)
    make_supporter(
        email=f"b-{email}",
        ip_hash=ip,
        name=hidden_name,
        confirmed_at=timezone.now(),
    )
    article = make_article(tags=["miners"], countries=["ES"])
    event = make_event(tags=["miners"], countries=["ES"])
    slugs = [appeal.slug, article.slug, event.slug, "miners", "es", "ES"]
    slugs += [message.slug for message in messages]
    today = timezone.localdate()
    values = {
        "slug": slugs,
        "str": slugs,
        "int": [str(today.year), str(today.month), str(today.day), "1"],
    }
    secrets = [token, email, ip, hidden_name, email.replace("@", "%40")]
    return values, secrets


def test_planted_private_data_is_on_no_public_page(client, planted):
    values, secrets = planted
    token, email = secrets[0], secrets[1]
    paths = set()
    for route in routes():
        if any(marker in route for marker in UNFILLABLE):
            continue
        paths.update(f"/{path}" for path in fill(route, values))
    assert {
        "/en/",
        "/en/messages/",
        "/en/appeals/",
        "/en/join/",
        "/en/donate/",
    } <= paths
    # (url, what the page may echo back: a search box shows its query)
    urls = {(path, None) for path in paths}
    urls |= {(f"{path}?q={token}", token) for path in paths}
    urls |= {(f"{path}?q={email}", email) for path in ("/en/", "/en/search/")}
    urls |= {("/en/messages/?country=ES", None), ("/en/messages/?country=IR", None)}
    fetched = 0
    for url, echoed in sorted(urls):
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200:
            continue
        fetched += 1
        content = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        ).decode("utf-8", "replace")
        if echoed:
            # Drop the echoed query, but not where it is part of an address.
            content = re.sub(re.escape(echoed) + r"(?!@|%40|&#64;)", "", content)
        for secret in secrets:
            assert secret not in content, f"{secret} leaked on {url}"
    assert fetched >= 10
    # The planted messages did reach the public pages they belong on.
    assert "A supporter in Iran" in client.get("/en/messages/").content.decode()
