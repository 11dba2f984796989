"""Joining and affiliating, double opt-in, the supporters admin, erasure."""

import csv
import io
import re

import pytest
from django.contrib.admin import helpers
from django.core import mail, signing

from appeals import views
from appeals.models import CampaignPage, Supporter
from tests.appeals.conftest import XSS_PAYLOADS
from tests.factories import form_started, make_supporter, make_user

pytestmark = pytest.mark.django_db

ADMIN = "/admin/appeals/supporter/"


def join(client, data, **extra):
    return client.post("/en/join/", data, **extra)


def confirmation_link(email):
    return re.search(
        r"https?://[^/\s]+(/[a-z]{2}/join/confirm/\S+/)", email.body
    ).group(1)


def test_join_page_shows_the_edited_text_and_the_form(client):
    CampaignPage.objects.create(
        key="join", title="Join the campaign", body="<p>Unions welcome.</p>"
    )
    html = client.get("/en/join/").content.decode()
    assert "<h1>Join the campaign</h1>" in html
    assert "Unions welcome." in html
    for name in ("kind", "name", "email", "country", "city", "organisation"):
        assert f'name="{name}"' in html
    assert 'name="organisation_type"' in html
    assert 'name="help_with"' in html
    assert 'name="consent"' in html
    assert '<div class="hp" aria-hidden="true">' in html
    assert "csrfmiddlewaretoken" not in html


def test_a_person_joins_and_confirms_by_the_emailed_link(
    client, supporter_data, django_capture_on_commit_callbacks
):
    make_user(group="Editors", email="editor@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = join(client, {**supporter_data, "email": "Ana@Example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/en/join/thanks/"
    assert "check your email" in client.get("/en/join/thanks/").content.decode()
    supporter = Supporter.objects.get()
    assert supporter.email == "ana@example.org"
    assert supporter.help_with == "appeals,events"
    assert supporter.help_with_labels[0].startswith("Send protests")
    assert len(supporter.ip_hash) == 64
    assert not supporter.is_confirmed()
    to_supporter = [m for m in mail.outbox if m.to == ["ana@example.org"]]
    to_editors = [m for m in mail.outbox if m.to == ["editor@example.org"]]
    assert len(to_supporter) == 1 and len(to_editors) == 1
    link = confirmation_link(to_supporter[0])
    # Opening the link (as a mail scanner would) confirms nothing...
    assert "Confirm" in client.get(link).content.decode()
    supporter.refresh_from_db()
    assert not supporter.is_confirmed()
    # ...pressing the button does.
    response = client.post(link)
    assert response["Location"] == "/en/join/thanks/?confirmed=1"
    supporter.refresh_from_db()
    assert supporter.is_confirmed()
    assert "confirmed" in client.get(response["Location"]).content.decode()


def test_someone_joining_in_spanish_gets_their_mail_in_spanish(
    client, supporter_data, django_capture_on_commit_callbacks
):
    make_user(group="Editors", email="editor@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/es/join/", supporter_data)
    assert Supporter.objects.get().language == "es"
    (to_supporter,) = [m for m in mail.outbox if m.to == ["ana@example.org"]]
    assert to_supporter.subject == "Confirma que te has sumado"
    assert confirmation_link(to_supporter).startswith("/es/join/confirm/")
    # The editors read theirs in the site's default language.
    (to_editors,) = [m for m in mail.outbox if m.to == ["editor@example.org"]]
    assert to_editors.subject.startswith("New supporter")


def test_forged_or_expired_links_do_not_confirm(client, settings):
    supporter = make_supporter()
    forged = signing.dumps({"id": supporter.pk, "email": supporter.email}, salt="x")
    for token in (forged, "garbage"):
        assert client.get(f"/en/join/confirm/{token}/").status_code == 400
        assert client.post(f"/en/join/confirm/{token}/").status_code == 400
    supporter.refresh_from_db()
    assert not supporter.is_confirmed()


def test_an_organisation_affiliates(client, supporter_data):
    data = {
        **supporter_data,
        "kind": "organisation",
        "organisation": "Unite Branch 42",
        "organisation_type": "union",
    }
    assert join(client, data).status_code == 302
    supporter = Supporter.objects.get()
    assert str(supporter) == "Unite Branch 42 (Ana Silva)"


def test_an_organisation_must_be_named_and_typed(client, supporter_data):
    response = join(client, {**supporter_data, "kind": "organisation"})
    errors = response.context["form"].errors
    assert "organisation" in errors and "organisation_type" in errors
    assert not Supporter.objects.exists()


@pytest.mark.parametrize("field", ["name", "email", "country", "consent"])
def test_required_fields(client, supporter_data, field):
    data = {k: v for k, v in supporter_data.items() if k != field}
    response = join(client, data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Supporter.objects.exists()


def test_joining_twice_neither_duplicates_nor_reveals_nor_overwrites(
    client, supporter_data, django_capture_on_commit_callbacks
):
    make_supporter(email="ana@example.org", name="Original", confirmed_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = join(client, {**supporter_data, "name": "Impostor"})
    assert response["Location"] == "/en/join/thanks/"
    supporter = Supporter.objects.get()
    assert supporter.name == "Original"
    # Still unconfirmed: the link is sent again, to the address's owner.
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_bots_are_discarded_quietly(client, supporter_data):
    assert join(client, {**supporter_data, "website": "x"}).status_code == 302
    too_soon = form_started(1, "join")
    assert join(client, {**supporter_data, "started": too_soon}).status_code
    assert not Supporter.objects.exists()


def test_rate_limit(client, supporter_data):
    codes = [
        join(
            client,
            {
                **supporter_data,
                "email": f"a{n}@example.org",
                "started": form_started(form_id="join"),
            },
        ).status_code
        for n in range(20)
    ]
    assert codes.count(302) == views.SUBMISSIONS_PER_HOUR
    assert codes[-1] == 429
    assert Supporter.objects.count() == views.SUBMISSIONS_PER_HOUR


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payloads_escaped_in_the_form_and_the_admin(
    client, editor_client, supporter_data, payload
):
    response = join(
        client, {**supporter_data, "name": payload[:200], "email": "not-an-email"}
    )
    html = response.content.decode()
    assert "<script>alert(1)" not in html and "<svg/onload" not in html
    supporter = make_supporter(name=payload[:200], message=payload)
    for url in (ADMIN, f"{ADMIN}{supporter.pk}/change/"):
        html = editor_client.get(url).content.decode()
        assert "<script>alert(1)" not in html and "<svg/onload" not in html


def test_admin_filters(editor_client):
    make_supporter(kind="organisation", organisation="U", organisation_type="union")
    make_supporter(help_with="translate")
    for query in (
        "kind__exact=organisation",
        "organisation_type__exact=union",
        "confirmed=no",
        "help=translate",
        "country__exact=PT",
    ):
        response = editor_client.get(f"{ADMIN}?{query}")
        assert response.status_code == 200
        assert response.context["cl"].result_count >= 1
    assert editor_client.get(f"{ADMIN}?help=translate").context["cl"].result_count == 1


def test_admin_csv_export(editor_client):
    first = make_supporter(name="=HYPERLINK(1)", email="a@example.org")
    second = make_supporter(name="Ben", help_with="appeals,donate")
    response = editor_client.post(
        ADMIN,
        {
            "action": "export_csv",
            helpers.ACTION_CHECKBOX_NAME: [first.pk, second.pk],
        },
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][2:4] == ["Name", "Email"]
    names = {row[2]: row for row in rows[1:]}
    assert "'=HYPERLINK(1)" in names
    assert names["'=HYPERLINK(1)"][3] == "a@example.org"
    assert "Donate or raise funds" in names["Ben"][9]


def test_erase_supporter_keeps_anonymous_counts(editor_client):
    supporter = make_supporter(
        kind="organisation",
        name="Ana Silva",
        email="ana@example.org",
        city="Porto",
        organisation="Unite",
        organisation_type="union",
        message="Call me on 555",
    )
    response = editor_client.post(
        ADMIN, {"action": "erase", helpers.ACTION_CHECKBOX_NAME: [supporter.pk]}
    )
    assert "removed for good" in response.content.decode()
    editor_client.post(
        ADMIN,
        {
            "action": "erase",
            "apply": "yes",
            helpers.ACTION_CHECKBOX_NAME: [supporter.pk],
        },
    )
    supporter.refresh_from_db()
    assert supporter.erased_at is not None
    assert (supporter.name, supporter.email, supporter.city) == ("(erased)", "", "")
    assert supporter.organisation == supporter.message == supporter.ip_hash == ""
    assert (supporter.kind, supporter.organisation_type) == ("organisation", "union")
    assert Supporter.objects.filter(country="PT").count() == 1
    # The erased address can join again afresh.
    make_supporter(email="ana@example.org")


def test_editors_edit_the_join_and_donate_texts(editor_client):
    response = editor_client.post(
        "/admin/appeals/campaignpage/add/",
        {
            "key": "donate",
            "title": "Fund the campaign",
            "body": "<p>Give <script>alert(1)</script></p>",
            "link_url": "https://donate.example/",
            "link_label": "Donate",
        },
    )
    assert response.status_code == 302
    html = editor_client.get("/en/donate/").content.decode()
    assert "Fund the campaign" in html and "<script>alert" not in html


def test_the_link_does_not_carry_the_address_and_dies_with_it(
    client, supporter_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        join(client, supporter_data)
    link = confirmation_link(mail.outbox[0])
    token = link.split("/")[-2]
    assert "ana" not in signing.b64_decode(token.split(":")[0].encode()).decode()
    Supporter.objects.update(email="changed@example.org")
    assert client.post(link).status_code == 400
