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
