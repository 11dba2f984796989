"""
The Mozilla HTTP Observatory's scoring (algorithm of mdn/mdn-http-observatory,
src/scanner/index.js and src/grader/charts.js), for responses from Django's
test client instead of a scan over the network.

Each test returns (expectation, modifier). The score starts at 100 and adds
every modifier; bonus points (positive modifiers) only count when the score
without them is at least 90. A+ is 100 or more. Only what a response's
headers and HTML can show is scored: the HSTS preload list and certificate
checks are not (our domain is not preloaded, so that +5 is never claimed).
"""

import re
from html.parser import HTMLParser

MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90
GRADES = [
    (100, "A+"),
    (90, "A"),
    (85, "A-"),
    (80, "B+"),
    (70, "B"),
    (65, "B-"),
    (60, "C+"),
    (50, "C"),
    (45, "C-"),
    (40, "D+"),
    (30, "D"),
    (25, "D-"),
    (0, "F"),
]

DANGEROUSLY_BROAD = {
    "ftp:",
    "http:",
    "https:",
    "*",
    "http://*",
    "http://*.*",
    "https://*",
    "https://*.*",
}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
NONCES_HASHES = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")


def parse_csp(header):
    """Directives of a CSP header as {name: set(sources)}; ValueError if a
    directive is repeated or the header is empty (the Observatory's
    'csp-header-invalid')."""
    policy = {}
    for part in header.split(";"):
        tokens = part.strip().split()
        if not tokens:
            continue
        name, sources = tokens[0].lower(), tokens[1:]
        if name in policy:
            raise ValueError(f"duplicate directive {name}")
        policy[name] = {
            s if s.startswith(NONCES_HASHES) else s.lower() for s in sources
        }
    if not policy:
        raise ValueError("empty policy")
    return policy


def csp_test(response, https=True):
    header = response.headers.get("Content-Security-Policy")
    if not header:
        return "csp-not-implemented", -25
    try:
        csp = parse_csp(header)
    except ValueError:
        return "csp-header-invalid", -25
    default = csp.get("default-src")
    object_src = set(csp.get("object-src") or default or {"*"})
    script_src = set(csp.get("script-src") or default or {"*"})
    style_src = set(csp.get("style-src") or default or {"*"})
    for sources in (script_src, style_src):
        if any(s.startswith(NONCES_HASHES) for s in sources):
            sources.discard("'unsafe-inline'")
    active = [
        s
        for name, sources in csp.items()
        if name not in ("img-src", "media-src", "script-src")
        for s in sources
    ] + list(script_src)
    passive = [
        s for name in ("img-src", "media-src") for s in csp.get(name, default or ())
    ]
    if script_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE) or (
        object_src & DANGEROUSLY_BROAD
    ):
        return "csp-implemented-with-unsafe-inline", -20
    if https and any(s.startswith(("http:", "ftp:")) for s in active):
        return "csp-implemented-with-insecure-scheme", -20
    if "'unsafe-eval'" in script_src | style_src:
        return "csp-implemented-with-unsafe-eval", -10
    if https and any(s.startswith(("http:", "ftp:")) for s in passive):
        return "csp-implemented-with-insecure-scheme-in-passive-content-only", -10
    if style_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE):
        return "csp-implemented-with-unsafe-inline-in-style-src-only", 0
    if default == {"'none'"}:
        return "csp-implemented-with-no-unsafe-default-src-none", 10
    return "csp-implemented-with-no-unsafe", 5


def hsts_max_age(response):
    header = response.headers.get("Strict-Transport-Security")
    if not header:
        return None
    match = re.search(r"max-age=\"?(\d+)\"?", header, re.IGNORECASE)
    return int(match.group(1)) if match else -1


def hsts_test(response):
    max_age = hsts_max_age(response)
    if max_age is None:
        return "hsts-not-implemented", -20
    if max_age < 0:
        return "hsts-header-invalid", -20
    if max_age < 15768000:
        return "hsts-implemented-max-age-less-than-six-months", -10
    return "hsts-implemented-max-age-at-least-six-months", 0


def cookies_test(responses):
    """Every cookie any of `responses` set (the Observatory keeps a jar
    across the scan's requests)."""
    hsts = any((hsts_max_age(r) or 0) >= 15768000 for r in responses)
    goodness = [
        ("cookies-without-secure-flag-but-protected-by-hsts", -5),
        ("cookies-without-secure-flag", -20),
        ("cookies-session-without-secure-flag-but-protected-by-hsts", -10),
        ("cookies-samesite-flag-invalid", -20),
        ("cookies-anticsrf-without-samesite-flag", -20),
        ("cookies-session-without-httponly-flag", -30),
        ("cookies-session-without-secure-flag", -40),
    ]
    worst = -1
    found = missing_samesite = False

    def worse(name):
        nonlocal worst
        worst = max(worst, [n for n, _ in goodness].index(name))

    for response in responses:
        # Django keeps the Set-Cookie headers it sends as a SimpleCookie.
        for key, morsel in response.cookies.items():
            if morsel["max-age"] == 0:
                continue  # a deletion, not a cookie the browser keeps
            found = True
            secure, httponly = bool(morsel["secure"]), bool(morsel["httponly"])
            samesite = morsel["samesite"]
            session = "login" in key.lower() or "sess" in key.lower()
            if samesite and samesite.lower() not in ("lax", "strict", "none"):
                worse("cookies-samesite-flag-invalid")
            if not secure and samesite.lower() == "none":
                worse("cookies-samesite-flag-invalid")
            if not secure:
                worse(
                    "cookies-without-secure-flag-but-protected-by-hsts"
                    if hsts
                    else "cookies-without-secure-flag"
                )
            if "csrf" in key.lower() and not samesite:
                worse("cookies-anticsrf-without-samesite-flag")
            if session and not secure:
                worse(
                    "cookies-session-without-secure-flag-but-protected-by-hsts"
                    if hsts
                    else "cookies-session-without-secure-flag"
                )
            if session and not httponly:
                worse("cookies-session-without-httponly-flag")
            missing_samesite = missing_samesite or not samesite
    if not found:
        return "cookies-not-found", 0
    if worst >= 0:
        return goodness[worst]
    if missing_samesite:
        return "cookies-secure-with-httponly-sessions", 0
    return "cookies-secure-with-httponly-sessions-and-samesite", 5


def cors_test(response):
    origin = response.headers.get("Access-Control-Allow-Origin")
    if not origin:
        return "cross-origin-resource-sharing-not-implemented", 0
    if origin.strip() == "*":
        return "cross-origin-resource-sharing-implemented-with-public-access", 0
    credentials = response.headers.get("Access-Control-Allow-Credentials", "")
    if credentials.lower() == "true" and "evil" in origin:
        return "cross-origin-resource-sharing-implemented-with-universal-access", -50
    return "cross-origin-resource-sharing-implemented-with-restricted-access", 0


def redirection_test(http_response, host):
    """The answer to the same page over plain HTTP."""
    if http_response.status_code not in (301, 302, 303, 307, 308):
        return "redirection-missing", -20
    location = http_response.headers["Location"]
    if not location.startswith("https://"):
        return "redirection-not-to-https", -20
    if not location.startswith(f"https://{host}/"):
        return "redirection-off-host-from-http", -5
    return "redirection-to-https", 0


def referrer_policy_test(response):
    header = response.headers.get("Referrer-Policy")
    if not header:
        return "referrer-policy-not-implemented", 0
    valid = {
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
        "origin",
        "origin-when-cross-origin",
        "unsafe-url",
        "no-referrer-when-downgrade",
    }
    policies = [p.strip().lower() for p in header.split(",") if p.strip() in valid]
    if not policies:
        return "referrer-policy-header-invalid", -5
    if policies[-1] in {
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
    }:
        return "referrer-policy-private", 5
    return "referrer-policy-unsafe", -5


class ScriptCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            attrs = dict(attrs)
            if attrs.get("src"):
                self.scripts.append(attrs)


def sri_test(response, host):
    if "html" not in response.headers.get("Content-Type", ""):
        return "sri-not-implemented-response-not-html", 0
    parser = ScriptCollector()
    parser.feed(response.content.decode())
    if not parser.scripts:
        return "sri-not-implemented-but-no-scripts-loaded", 0
    external = [
        s
        for s in parser.scripts
        if s["src"].startswith(("http:", "https:", "//"))
        and not s["src"].split("//", 1)[1].startswith(host)
    ]
    insecure = [s for s in external if not s["src"].startswith("https:")]
    with_sri = all(s.get("integrity") for s in external) and external
    if insecure:
        if with_sri:
            return "sri-implemented-but-external-scripts-not-loaded-securely", -20
        return "sri-not-implemented-and-external-scripts-not-loaded-securely", -50
    if not external:
        if all(s.get("integrity") for s in parser.scripts):
            return "sri-implemented-and-all-scripts-loaded-securely", 5
        return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0
    if with_sri:
        return "sri-implemented-and-external-scripts-loaded-securely", 5
    return "sri-not-implemented-but-external-scripts-loaded-securely", -5


def x_content_type_options_test(response):
    header = response.headers.get("X-Content-Type-Options")
    if not header:
        return "x-content-type-options-not-implemented", -5
    if header.strip().lower() == "nosniff":
        return "x-content-type-options-nosniff", 0
    return "x-content-type-options-header-invalid", -5


def x_frame_options_test(response):
    header = response.headers.get("Content-Security-Policy", "")
    try:
        ancestors = parse_csp(header).get("frame-ancestors") if header else None
    except ValueError:
        ancestors = None
    if ancestors and not ancestors & DANGEROUSLY_BROAD:
        return "x-frame-options-implemented-via-csp", 5
    xfo = response.headers.get("X-Frame-Options", "").strip().lower()
    if not xfo:
        return "x-frame-options-not-implemented", -20
    if xfo in ("deny", "sameorigin"):
        return "x-frame-options-sameorigin-or-deny", 0
    if xfo.startswith("allow-from "):
        return "x-frame-options-allow-from-origin", 0
    return "x-frame-options-header-invalid", -20


def cross_origin_resource_policy_test(response):
    header = response.headers.get("Cross-Origin-Resource-Policy")
    if not header:
        return "cross-origin-resource-policy-not-implemented", 0
    value = header.strip().lower()
    if value in ("same-origin", "same-site"):
        return f"cross-origin-resource-policy-implemented-with-{value}", 10
    if value == "cross-origin":
        return "cross-origin-resource-policy-implemented-with-cross-origin", 0
    return "cross-origin-resource-policy-header-invalid", -5


def grade(score):
    for minimum, letter in GRADES:
        if score >= minimum:
            return letter
    return "F"


def score(response, http_response, host, cookie_responses=()):
    """Score `response` (the page over HTTPS); `http_response` is the same
    page over plain HTTP. Returns (score, grade, {test: (result, modifier)})."""
    results = {
        "content-security-policy": csp_test(response),
        "cookies": cookies_test([response, *cookie_responses]),
        "cross-origin-resource-sharing": cors_test(response),
        "redirection": redirection_test(http_response, host),
        "referrer-policy": referrer_policy_test(response),
        "strict-transport-security": hsts_test(response),
        "subresource-integrity": sri_test(response, host),
        "x-content-type-options": x_content_type_options_test(response),
        "x-frame-options": x_frame_options_test(response),
        "cross-origin-resource-policy": cross_origin_resource_policy_test(response),
    }
    with_extra_credit = 100 + sum(modifier for _, modifier in results.values())
    uncurved = 100 + sum(modifier for _, modifier in results.values() if modifier < 0)
    total = (
        with_extra_credit if uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT else uncurved
    )
    total = max(total, 0)
    return total, grade(total), results
