import pytest

from tests.factories import form_started

# Real-world XSS payloads (OWASP filter evasion cheat sheet, PortSwigger's
# list) plus a spreadsheet formula: every one must come out inert.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "'\"><iframe src=javascript:alert(1)>",
    "<a href=\"javascript:alert('x')\">click</a>",
    "<body onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "{{ 7*7 }}{% debug %}",
]


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
        "started": form_started(),
        "website": "",
    }
