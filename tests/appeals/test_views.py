"""Appeal pages, the letter kit, the share block and the wall."""

import re
from datetime import date, timedelta
from urllib.parse import unquote

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from appeals.models import Appeal, AppealTarget, AppealUpdate
from tests.appeals.conftest import XSS_PAYLOADS
from tests.factories import make_appeal, make_message

pytestmark = pytest.mark.django_db

# What must never reach a page unescaped.
DANGEROUS = [
    "<script>alert",
    "onerror=alert(1)>",
    "<svg/onload",
    "<iframe",
    "<body onload",
    '<a href="javascript:',
    "</textarea><script>",
]


def add_target(appeal, **kwargs):
    kwargs.setdefault("name", "Minister Ramos")
    kwargs.setdefault("role", "Minister of the Interior")
    kwargs.setdefault("email", "minister@gov.example")
    return AppealTarget.objects.create(appeal=appeal, **kwargs)


def test_urls_resolve_both_ways():
    assert reverse("appeals:letter", args=["x"]) == "/en/appeals/x/letter/"
    assert resolve("/en/appeals/x/").url_name == "detail"
    assert resolve("/en/messages/").namespace == "messages"
    assert reverse("join") == "/en/join/"
    assert reverse("donate") == "/en/donate/"


def test_list_shows_state_deadline_and_counts_urgent_first(client):
    ongoing = make_appeal(title="Ongoing one", state="ongoing")
    lapsed = make_appeal(
        title="Lapsed one",
        state="urgent",
        deadline=timezone.now() - timedelta(days=1),
        published_at=timezone.now() - timedelta(minutes=5),
    )
    urgent = make_appeal(
        title="Urgent one",
        deadline=timezone.now() + timedelta(days=3),
        published_at=timezone.now() - timedelta(days=30),
    )
    won = make_appeal(title="Won one", state="won")
    make_message(appeal=urgent)
    make_message(appeal=urgent)
    make_message(appeal=urgent, moderation="pending")
    response = client.get("/en/appeals/")
    appeals = list(response.context["object_list"])
    assert appeals[0] == urgent
    assert appeals[-1] == won
    assert {lapsed, ongoing} == set(appeals[1:3])
    html = response.content.decode()
    assert "2 messages of solidarity" in html
    assert "Deadline passed" in html
    # An urgent appeal past its deadline no longer shows as urgent.
    assert lapsed.public_state == Appeal.State.ONGOING
    assert html.count('class="state state-urgent"') == 1


def test_list_query_count_is_constant(client, django_assert_num_queries):
    """Guards against N+1 on tags, countries and message counts."""
    for _ in range(3):
        appeal = make_appeal(tags=["miners", "chile"], countries=["CL", "AR"])
        make_message(appeal=appeal)
    # session-less anonymous: count, page of appeals, tags, countries, and
    # the site's identity (once per content version)
    with django_assert_num_queries(5):
        assert client.get("/en/appeals/").status_code == 200


def test_detail_shows_the_whole_kit(client):
    appeal = make_appeal(
        title="Free the miners",
        deadline=timezone.now() + timedelta(days=2),
        letter_subject="Release the miners now & drop the charges",
        letter_body="Dear Minister,\n\nRelease them.\n\nYours, ",
        copy_email="copies@campaign.example",
        share_text="Fifteen miners jailed for striking: act now",
    )
    add_target(appeal)
    add_target(
        appeal,
        name="Mine owner",
        role="",
        email="",
        postal_address="1 Pit Road\nSantiago",
    )
    AppealUpdate.objects.create(
        appeal=appeal, happened_on=date(2026, 1, 5), text="Pickets in 12 countries."
    )
    make_message(appeal=appeal, text="From the docks of Valencia")
    response = client.get(appeal.get_absolute_url())
    html = response.content.decode()
    assert 'class="state state-urgent"' in html
    assert "Act before" in html
    assert "Pickets in 12 countries." in html
    assert "5 January 2026" in html
    assert "Minister Ramos" in html
    assert "1 Pit Road<br>Santiago" in html
    assert "Dear Minister," in html
    assert "copies@campaign.example" in html
    mailto = response.context["mailto"]
    assert mailto.startswith("mailto:minister@gov.example?")
    assert "cc=copies@campaign.example" in mailto
    assert "subject=Release%20the%20miners%20now%20%26%20drop%20the%20charges" in mailto
    assert "body=Dear%20Minister%2C%0D%0A%0D%0ARelease%20them." in mailto
    assert unquote(mailto.split("body=")[1]).startswith("Dear Minister,\r\n")
    assert 'href="mailto:minister@gov.example?cc=' in html  # & escaped as &amp;
    assert "&amp;subject=" in html
    assert reverse("appeals:letter", args=[appeal.slug]) in html
    share_url = f"http://testserver/en/appeals/{appeal.slug}/"
    assert html.count('rel="canonical"') == 1  # from base.html's SEO meta
    assert f'href="{share_url}"' in html
    assert f"Fifteen miners jailed for striking: act now {share_url}" in html
    assert "From the docks of Valencia" in html
    assert "1 message of solidarity" in html
    # The message form, sending this appeal's slug rather than a menu.
    assert f'<input type="hidden" name="appeal" value="{appeal.slug}"' in html
    assert '<select name="appeal"' not in html
    assert '<div class="hp" aria-hidden="true">' in html
    assert "<script>" not in html and "style=" not in html


def test_won_appeal_shows_outcome_and_no_kit_or_form(client):
    appeal = make_appeal(letter_body="Dear Minister")
    add_target(appeal)
    AppealUpdate.objects.create(
        appeal=appeal, text="The miners were released.", outcome="won"
    )
    appeal.refresh_from_db()
    assert appeal.state == Appeal.State.WON
    response = client.get(appeal.get_absolute_url())
    html = response.content.decode()
    assert "<strong>Won:</strong> The miners were released." in html
    assert 'class="state state-won"' in html
    assert "Send a protest letter" not in html
    assert "form" not in response.context


def test_draft_appeal_is_404_for_the_public(client):
    appeal = make_appeal(status="draft")
    assert client.get(appeal.get_absolute_url()).status_code == 404
    assert client.get(f"/en/appeals/{appeal.slug}/letter/").status_code == 404


def test_unknown_appeal_is_404(client):
    assert client.get("/en/appeals/no-such-appeal/").status_code == 404


def test_detail_query_count_is_constant(client, django_assert_num_queries):
    """Guards against N+1 on targets, updates and messages."""
    appeal = make_appeal(tags=["a", "b"], countries=["CL", "AR"])
    other = make_appeal()
    for n in range(3):
        add_target(appeal, name=f"Target {n}")
        AppealUpdate.objects.create(appeal=appeal, text=f"Update {n}")
        make_message(appeal=appeal, country="FR")
    # appeal, tags, countries, updates, targets, messages (the message form
    # sends this appeal's slug: no menu of every open appeal), and the site's
    # identity, once per content version
    with django_assert_num_queries(7):
        assert client.get(appeal.get_absolute_url()).status_code == 200
    with django_assert_num_queries(6):
        assert client.get(other.get_absolute_url()).status_code == 200


def test_print_letter(client):
    appeal = make_appeal(
        letter_subject="Release them", letter_body="Dear Minister,\nRelease them."
    )
    add_target(appeal, postal_address="Ministry\nAvenida 1")
    response = client.get(f"/en/appeals/{appeal.slug}/letter/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ministry<br>Avenida 1" in html
    assert "Dear Minister,<br>Release them." in html
    assert "print-page" in html
    assert 'name="robots" content="noindex"' in html


def test_only_approved_messages_are_public(client):
    appeal = make_appeal()
    make_message(appeal=appeal, text="Approved words of solidarity")
    for state in ("pending", "rejected", "spam"):
        make_message(appeal=appeal, moderation=state, text=f"Hidden {state} text")
    for url in ("/en/messages/", appeal.get_absolute_url(), "/en/"):
        html = client.get(url).content.decode()
        assert "Approved words of solidarity" in html
        for state in ("pending", "rejected", "spam"):
            assert f"Hidden {state} text" not in html


def test_anonymous_sender_is_shown_by_country_only(client):
    appeal = make_appeal()
    make_message(
        appeal=appeal,
        show_name=False,
        author_name="Secret Person",
        organisation="Secret Union",
        role="Secret Role",
        city="Secret City",
        country="IR",
    )
    for url in ("/en/messages/", appeal.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "A supporter in Iran" in html
        assert "Secret" not in html


def test_named_sender_shows_name_role_organisation_and_place(client):
    make_message(author_name="Maria", role="Secretary", city="Valencia")
    html = client.get("/en/messages/").content.decode()
    caption = html.split('<span class="sender">Maria</span>')[1]
    caption = caption.split("</figcaption>")[0]
    assert re.sub(r"<[^>]+>|\s+", " ", caption).split()[:6] == [
        ",",
        "Secretary",
        "Dockers&#x27;",
        "Union",
        "Valencia,",
        "Spain",
    ]


def test_wall_is_newest_first_with_filters_and_country_counts(client):
    appeal = make_appeal(title="The miners")
    other = make_appeal(title="The dockers")
    now = timezone.now()
    old = make_message(appeal=appeal, country="FR", received_at=now - timedelta(days=2))
    new = make_message(appeal=appeal, country="FR", received_at=now - timedelta(1))
    spanish = make_message(appeal=other, country="ES")
    make_message(country="ES", moderation="pending")
    response = client.get("/en/messages/")
    assert list(response.context["object_list"]) == [spanish, new, old]
    counts = {row["code"]: row["n"] for row in response.context["country_counts"]}
    assert counts == {"FR": 2, "ES": 1}
    html = response.content.decode()
    assert 'France <span class="count">2</span></a>' in html
    response = client.get("/en/messages/", {"country": "fr"})
    assert list(response.context["object_list"]) == [new, old]
    response = client.get("/en/messages/", {"appeal": other.slug})
    assert list(response.context["object_list"]) == [spanish]
    assert {row["code"] for row in response.context["country_counts"]} == {"ES"}
    response = client.get("/en/messages/", {"appeal": appeal.slug, "country": "ES"})
    assert list(response.context["object_list"]) == []


def test_wall_unknown_filters_are_explained_not_500(client):
    make_message()
    response = client.get("/en/messages/", {"country": "ZZ", "appeal": "nope"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "We do not know that country" in html
    assert "We could not find that appeal" in html
    assert len(response.context["object_list"]) == 1


def test_wall_hides_links_to_unpublished_appeals(client):
    draft = make_appeal(status="draft", title="Secret draft appeal")
    make_message(appeal=draft)
    html = client.get("/en/messages/").content.decode()
    assert "Secret draft appeal" not in html


def test_wall_query_count_is_constant(client, django_assert_num_queries):
    """Guards against N+1 on appeals and countries on the wall."""
    for country in ("FR", "ES", "CL"):
        make_message(appeal=make_appeal(), country=country)
        make_message(country=country)
    # count, the page's ids, its messages with appeals, country counts,
    # appeal counts, the site's identity (once per content version)
    with django_assert_num_queries(6):
        assert client.get("/en/messages/").status_code == 200
    # With the counts and the sidebar cached: the ids and the messages.
    with django_assert_num_queries(2):
        assert client.get("/en/messages/", {"page": 1, "_": 1}).status_code == 200
    slug = Appeal.objects.first().slug
    with django_assert_num_queries(6):  # + the appeal filter
        assert client.get("/en/messages/", {"appeal": slug}).status_code == 200


def test_wall_sidebar_lists_the_newest_appeals_and_the_chosen_one(client, monkeypatch):
    """Guards against listing (and counting) every appeal ever made."""
    from appeals.views import MessageListView

    monkeypatch.setattr(MessageListView, "SIDEBAR_APPEALS", 2)
    now = timezone.now()
    appeals = [
        make_appeal(title=f"Appeal {n}", published_at=now - timedelta(days=n))
        for n in range(1, 5)
    ]
    for appeal in appeals:
        make_message(appeal=appeal)
    make_appeal(title="No messages yet")
    response = client.get("/en/messages/")
    assert [row["title"] for row in response.context["appeal_counts"]] == [
        "Appeal 1",
        "Appeal 2",
    ]
    response = client.get("/en/messages/", {"appeal": appeals[3].slug})
    assert [
        (row["title"], row["message_count"])
        for row in response.context["appeal_counts"]
    ] == [("Appeal 4", 1), ("Appeal 1", 1), ("Appeal 2", 1)]


def test_donate_page_shows_edited_text_and_link(client):
    from appeals.models import CampaignPage

    CampaignPage.objects.create(
        key="donate",
        title="Support the campaign",
        body="<p>Every euro counts.</p><script>alert(1)</script>",
        link_url="https://donate.example/campaign",
        link_label="Give now",
    )
    html = client.get("/en/donate/").content.decode()
    assert "Every euro counts." in html
    assert 'href="https://donate.example/campaign"' in html
    assert "Give now" in html
    assert "<script>alert" not in html


def test_donate_page_without_text_still_renders(client):
    response = client.get("/en/donate/")
    assert response.status_code == 200
    assert "Donate" in response.content.decode()


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payloads_in_every_field_render_escaped_on_public_pages(
    client, editor_client, payload
):
    appeal = make_appeal()
    for show_name in (True, False):
        make_message(
            appeal=appeal,
            show_name=show_name,
            author_name=payload[:200],
            organisation=payload,
            role=payload,
            city=payload[:100],
            language="es",
            text=payload,
        )
    for url in (
        "/en/",
        "/en/messages/",
        appeal.get_absolute_url(),
        f"/en/appeals/{appeal.slug}/messages/print/",
    ):
        browser = editor_client if "print" in url else client
        html = browser.get(url).content.decode()
        for raw in DANGEROUS:
            assert raw not in html, (url, raw)
