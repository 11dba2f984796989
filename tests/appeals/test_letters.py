from urllib.parse import unquote

from appeals.letters import appeal_mailto, mailto_url
from appeals.models import Appeal, AppealTarget


def test_mailto_encodes_every_header_value():
    url = mailto_url(
        ["a+b@example.org", "c@example.org"],
        subject="Free them & now?",
        body="Line one\nLine two = 100%",
        cc=["copy@campaign.example"],
    )
    assert url == (
        "mailto:a%2Bb@example.org,c@example.org"
        "?cc=copy@campaign.example"
        "&subject=Free%20them%20%26%20now%3F"
        "&body=Line%20one%0D%0ALine%20two%20%3D%20100%25"
    )
    assert unquote(url.split("body=")[1]) == "Line one\r\nLine two = 100%"


def test_mailto_with_only_addresses():
    assert mailto_url(["a@example.org"]) == "mailto:a@example.org"


def test_appeal_mailto_needs_an_emailed_target():
    appeal = Appeal(title="Free them", letter_body="Dear Sir")
    posted = AppealTarget(name="Owner", postal_address="1 Road")
    assert appeal_mailto(appeal, [posted]) is None
    emailed = AppealTarget(name="Minister", email="m@gov.example")
    url = appeal_mailto(appeal, [posted, emailed])
    assert url == "mailto:m@gov.example?subject=Free%20them&body=Dear%20Sir"
