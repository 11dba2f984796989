"""Delivering an appeal's messages: CSV and printable page, for editors."""

import csv
import io

import pytest

from posts.models import Post
from solidarity.spreadsheets import neutralise
from tests.appeals.conftest import XSS_PAYLOADS
from tests.factories import make_appeal, make_message

pytestmark = pytest.mark.django_db


def read_csv(response):
    text = b"".join(
        response.streaming_content if response.streaming else [response.content]
    ).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Solidarity = strength", "Solidarity = strength"),
        ("", ""),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_has_approved_messages_only_and_no_private_data(editor_client):
    appeal = make_appeal()
    make_message(
        appeal=appeal,
        author_name="Maria",
        email="maria-private@example.org",
        ip_hash="f" * 64,
        text="=cmd|' /C calc'!A0",
    )
    make_message(
        appeal=appeal,
        show_name=False,
        author_name="Hidden Name",
        organisation="Hidden Org",
        city="Hidden City",
        country="IR",
        text="-Free them",
    )
    make_message(appeal=appeal, moderation="pending", text="Pending text")
    make_message(text="For another appeal")
    response = editor_client.get(f"/en/appeals/{appeal.slug}/messages.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:2] == ["Received", "Name"]
    body = "\n".join(",".join(row) for row in rows)
    assert "Pending text" not in body and "For another appeal" not in body
    assert "maria-private" not in body and "f" * 64 not in body
    assert "Hidden" not in body
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Maria"][-1] == "'=cmd|' /C calc'!A0"
    assert by_name["A supporter in Iran"][-1] == "'-Free them"
    assert len(rows) == 3


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_csv_keeps_payloads_as_inert_text(editor_client, payload):
    appeal = make_appeal()
    make_message(appeal=appeal, author_name=payload[:200], text=payload)
    rows = read_csv(editor_client.get(f"/en/appeals/{appeal.slug}/messages.csv"))
    assert rows[1][-1] == neutralise(payload)
    assert rows[1][1] == neutralise(payload[:200])


def test_print_page(editor_client):
    appeal = make_appeal(title="Free the miners")
    make_message(appeal=appeal, author_name="Maria", text="<b>Stay strong</b>")
    make_message(appeal=appeal, show_name=False, country="IR", author_name="Hid")
    make_message(appeal=appeal, moderation="rejected", text="Rejected text")
    response = editor_client.get(f"/en/appeals/{appeal.slug}/messages/print/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Free the miners" in html
    assert "2 messages" in html
    assert "&lt;b&gt;Stay strong&lt;/b&gt;" in html
    assert "A supporter in Iran" in html
    assert "Hid<" not in html and "Rejected text" not in html
    assert "@example.org" not in html


@pytest.mark.parametrize("suffix", ["messages.csv", "messages/print/"])
def test_exports_are_for_editors_only(client, organiser, suffix):
    appeal = make_appeal()
    url = f"/en/appeals/{appeal.slug}/{suffix}"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    client.force_login(organiser)
    assert client.get(url).status_code == 403


def test_export_of_unknown_appeal_is_404(editor_client):
    assert editor_client.get("/en/appeals/nope/messages.csv").status_code == 404


def test_appeal_admin_links_to_the_exports(editor_client):
    appeal = make_appeal()
    html = editor_client.get(f"/admin/appeals/appeal/{appeal.pk}/change/").content
    assert f"/en/appeals/{appeal.slug}/messages.csv".encode() in html
    assert f"/en/appeals/{appeal.slug}/messages/print/".encode() in html


def test_an_undated_imported_message_has_no_date_in_the_csv(editor_client):
    """The importer stores an unknown date as Post.UNDATED (1900): it is a
    placeholder, not a date to hand to a delegation."""
    appeal = make_appeal()
    make_message(appeal=appeal, author_name="Old", received_at=Post.UNDATED)
    make_message(appeal=appeal, author_name="New")
    rows = read_csv(editor_client.get(f"/en/appeals/{appeal.slug}/messages.csv"))
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Old"][0] == ""
    assert by_name["New"][0].startswith("20")
