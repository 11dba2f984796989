"""Security headers, scored the way the Mozilla HTTP Observatory scores them,
and the Content Security Policy of public pages and of the admin."""

import pytest
from django.test import Client

from tests import factories
from tests.security import observatory

pytestmark = pytest.mark.django_db

HOST = "campaign.example.org"


@pytest.fixture
def production(settings):
    """Production's HTTPS behaviour (the suite runs with the redirect off:
    see pyproject.toml). A new Client builds its middleware with these."""
    settings.ALLOWED_HOSTS = [HOST]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 63072000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    return Client(HTTP_HOST=HOST)


def scan(client, path):
    response = client.get(path, secure=True, HTTP_ORIGIN="https://evil.example")
    http_response = client.get(path)
    return response, http_response


def test_front_page_scores_a_plus(production):
    """Guards the A+ (>= 100) on the Observatory's own scoring rules."""
    factories.make_article()
    factories.make_appeal()
    response, http_response = scan(production, "/en/")
    assert response.status_code == 200
    score, grade, results = observatory.score(response, http_response, HOST)
    assert grade == "A+", results
    assert score >= 100, results
    # No test may cost points: every penalty is a weakness.
    assert all(modifier >= 0 for _, modifier in results.values()), results
    assert results["content-security-policy"][0] == "csp-implemented-with-no-unsafe"
    assert results["x-frame-options"][0] == "x-frame-options-implemented-via-csp"


def test_cookies_of_a_form_page_score_full_marks(production, editor):
    """The admin login sets the CSRF cookie and, after login, the session
    cookie: both Secure, the session HttpOnly, both SameSite."""
    login_page = production.get("/admin/login/", secure=True)
    assert "csrftoken" in login_page.cookies
    logged_in = production.post(
        "/admin/login/",
        {"username": editor.username, "password": "password"},
        secure=True,
    )
    assert logged_in.status_code == 302
    assert "sessionid" in logged_in.cookies
    result = observatory.cookies_test([login_page, logged_in])
    assert result == ("cookies-secure-with-httponly-sessions-and-samesite", 5)


@pytest.mark.parametrize("path", ["/en/", "/en/posts/", "/en/appeals/", "/-/alive/"])
def test_public_pages_send_the_strict_policy(client, path):
    response = client.get(path)
    policy = observatory.parse_csp(response.headers["Content-Security-Policy"])
    assert policy["default-src"] == {"'self'"}
    assert policy["object-src"] == {"'none'"}
    assert policy["base-uri"] == {"'none'"}
    assert policy["frame-ancestors"] == {"'none'"}
    assert policy["form-action"] == {"'self'"}
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive]
        assert "'unsafe-eval'" not in policy[directive]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_hsts_covers_subdomains(production):
    response = production.get("/en/", secure=True)
    hsts = response.headers["Strict-Transport-Security"]
    assert "includeSubDomains" in hsts
    assert observatory.hsts_max_age(response) >= 15768000


def test_plain_http_redirects_to_https_on_the_same_host(production):
    response = production.get("/en/posts/?page=2")
    assert response.status_code == 301
    assert response.headers["Location"] == f"https://{HOST}/en/posts/?page=2"


def test_admin_gets_its_own_looser_policy(editor_client):
    """The admin's editor needs inline styles; scripts stay 'self' plus the
    hash of the editor's import map, never 'unsafe-inline'."""
    response = editor_client.get("/admin/posts/article/add/")
    assert response.status_code == 200
    policy = observatory.parse_csp(response.headers["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["style-src"]
    assert "'self'" in policy["script-src"]
    others = policy["script-src"] - {"'self'"}
    assert others and all(source.startswith("'sha256-") for source in others)
    assert policy["object-src"] == {"'none'"}
    assert policy["frame-ancestors"] == {"'none'"}


def test_no_inline_script_or_style_on_public_pages(client):
    """The strict policy would block them: every template must keep JS and
    CSS in static files."""
    factories.make_article()
    factories.make_event()
    factories.make_appeal()
    for path in (
        "/en/",
        "/en/posts/",
        "/en/events/",
        "/en/appeals/",
        "/en/messages/",
        "/en/join/",
    ):
        html = client.get(path).content.decode()
        assert " style=" not in html, path
        assert "<style" not in html, path
        for tag in html.split("<script")[1:]:
            assert " src=" in tag.split(">", 1)[0], (path, tag[:80])


class TestObservatoryScorer:
    """The scorer itself, against the Observatory's documented outcomes, so a
    pass above means what it says."""

    def test_unsafe_inline_script_is_penalised(self):
        from django.http import HttpResponse

        response = HttpResponse()
        response["Content-Security-Policy"] = "default-src 'self' 'unsafe-inline'"
        assert observatory.csp_test(response) == (
            "csp-implemented-with-unsafe-inline",
            -20,
        )

    def test_missing_headers_score_f(self):
        from django.http import HttpResponse

        response = HttpResponse("<p>hi</p>", content_type="text/html")
        http_response = HttpResponse("<p>hi</p>")
        score, grade, results = observatory.score(response, http_response, HOST)
        # CSP -25, HSTS -20, redirection -20, XCTO -5, XFO -20.
        assert score == 10
        assert grade == "F"

    def test_bonus_needs_ninety_before_it(self):
        from django.http import HttpResponse, HttpResponsePermanentRedirect

        response = HttpResponse("<p>hi</p>", content_type="text/html")
        response["Content-Security-Policy"] = "default-src 'none'; form-action 'self'"
        response["Strict-Transport-Security"] = "max-age=63072000"
        response["X-Content-Type-Options"] = "nosniff"
        http_response = HttpResponsePermanentRedirect(f"https://{HOST}/")
        # CSP +10, XFO via CSP? no frame-ancestors: XFO missing -20 -> 80.
        score, grade, _ = observatory.score(response, http_response, HOST)
        assert (score, grade) == (80, "B+")
