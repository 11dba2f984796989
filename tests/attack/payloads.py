"""
One list of hostile inputs, and checks that an output is safe whatever went
in. Every test in tests/attack/ pushes these through an input and runs the
checks on every output the input reaches.
"""

import html
import json
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><svg/onload=alert(1)>',
    "'><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">js link</a>',
    '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
    '<a href="&#106;&#97;vascript:alert(1)">entities</a>',
    '<a href="java\tscript:alert(1)">tab split</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    "</script><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<!--<script>alert(1)//-->",
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<form action="https://evil.example"><button>Go</button></form>',
    "<style>body{display:none}</style>",
    '<p style="position:fixed;top:0">overlay</p>',
    "{{ request.META }} {% debug %}",
    "\u202etxt.exe\u202c",
    "zero\u200bwidth\u200d\ufeffjoiners",
    "control\x01\x07\x1b[31m\x7fcharacters",
    "nul\x00byte",
    "line\r\nBEGIN:VEVENT\r\nSUMMARY:injected\r\nEND:VEVENT\r\n",
    "victim@example.org\r\nBcc: everyone@example.org",
    "a" * 5000,
]

# Characters XML 1.0 cannot carry and no page should emit.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster"}
ALLOWED_INLINE_SCRIPT_TYPES = {"application/ld+json", "application/json", "importmap"}
HTML_ELEMENTS = {"description", "summary", "content", "encoded"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "svg", "math", "base", "form"}


def normalise_url(value):
    """What a browser makes of a URL attribute: entities decoded, control and
    space characters dropped, lower case."""
    value = html.unescape(value)
    return re.sub(r"[\x00-\x20\x7f]+", "", value).lower()


class DangerFinder(HTMLParser):
    """Collects what would run or take over in a browser."""

    def __init__(self, allow=("form",)):
        super().__init__(convert_charrefs=True)
        self.allow = set(allow)
        self.problems = []
        self.in_script = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            dangerous = value and normalise_url(value).startswith(BAD_SCHEMES)
            if name in URL_ATTRIBUTES and dangerous:
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "http-equiv" and value and value.lower() == "refresh":
                self.problems.append("<meta http-equiv=refresh>")
        if tag in FORBIDDEN_TAGS - self.allow:
            self.problems.append(f"<{tag}>")
        if tag == "script":
            attributes = dict(attrs)
            if not attributes.get("src"):
                kind = attributes.get("type", "")
                if kind not in ALLOWED_INLINE_SCRIPT_TYPES:
                    self.problems.append("inline <script>")
                self.in_script = kind
        if tag == "style":
            self.problems.append("<style>")

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = None

    def handle_data(self, data):
        if self.in_script == "application/ld+json":
            try:
                json.loads(data)
            except ValueError:
                self.problems.append("JSON-LD that does not parse")


def assert_safe_html(content, where="", allow=("form",)):
    """No script, handler, dangerous URL or unparsable JSON-LD came from input.

    Our own pages may contain forms, and the admin its SVG icons (`allow`);
    fragments of user content (feed descriptions) may contain neither."""
    text = content.decode() if isinstance(content, bytes) else content
    assert not CONTROL.search(text), f"control character in {where}"
    finder = DangerFinder(allow=allow)
    finder.feed(text)
    finder.close()
    assert not finder.problems, (where, finder.problems)
    for block in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', text, re.S
    ):
        assert "<!--" not in block and "</" not in block.replace("<\\/", ""), where


def assert_safe_xml(content, where=""):
    """A feed parses as XML, and the HTML in its text parts is safe too."""
    text = content.decode() if isinstance(content, bytes) else content
    assert not CONTROL.search(text), f"control character in {where}"
    root = ElementTree.fromstring(content)
    for element in root.iter():
        # Titles are plain text (RSS 2.0; Atom's default type="text"); the
        # description, summary and content carry HTML that readers render.
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in HTML_ELEMENTS and element.text and "<" in element.text:
            assert_safe_html(element.text, f"{where} <{element.tag}>", allow=())
        for name, value in element.attrib.items():
            if name.endswith("href"):
                assert not normalise_url(value).startswith(BAD_SCHEMES), where
