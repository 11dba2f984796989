"""The editors' admin: every page renders, changelists cost a constant number
of queries, bulk actions do what they say, "view on site" leads somewhere."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from taggit.models import Tag

from appeals.models import (
    Appeal,
    CampaignPage,
    Mailing,
    SiteIdentity,
    SolidarityMessage,
    Supporter,
)
from posts.models import RSVP, Article, Country, Event, Post
from solidarity import audit, tasks
from solidarity.mail import queue_email
from solidarity.models import AuditEntry, OutgoingEmail
from tests.factories import (
    make_appeal,
    make_article,
    make_event,
    make_message,
    make_supporter,
    make_user,
)

pytestmark = pytest.mark.django_db

CONTENT = ("posts", "appeals", "taggit")
# Records nobody adds (or deletes) by hand: mail sent, tasks run, RSVPs.
READ_ONLY = {
    OutgoingEmail: ("/add/", "/delete/"),
    DBTaskResult: ("/add/", "/delete/"),
    RSVP: ("/add/",),
    Country: ("/add/", "/delete/"),
    AuditEntry: ("/add/", "/delete/"),
    SiteIdentity: ("/add/", "/delete/"),
}


def fill(n=1):
    """n rows of every kind, with tags, countries and relations filled in."""
    organiser = make_user(group="Organisers")
    for i in range(n):
        tags = [f"tag-{i}", "shared"]
        article = make_article(tags=tags, countries=["VE", "IE"])
        audit.record(organiser, audit.Action.PUBLISH, article)
        appeal = make_appeal(tags=tags, countries=["TR"])
        make_event(tags=tags, organiser=organiser, countries=["CO"])
        event = make_event(tags=tags, organiser=organiser)
        make_message(appeal=appeal, moderation="pending")
        make_message(moderation="approved")
        make_supporter()
        RSVP.objects.create(event=event, name="Ana", email=f"a{i}@example.org")
        Mailing.objects.create(subject="News", body="<p>x</p>", appeal=appeal)
        email = queue_email(f"a{i}@example.org", "Hello", "Text")
        tasks.deliver_email.enqueue(email.pk)
    CampaignPage.objects.get_or_create(key="join", defaults={"title": "Join us"})


def admin_client_for(client, model, editor):
    """Editors for the content apps; a superuser for accounts and groups."""
    user = editor
    if model._meta.app_label not in CONTENT:
        user = make_user(is_superuser=True)
    client.force_login(user)
    return client


def some_object(model):
    if model is User:
        return User.objects.first()
    if model is Group:
        return Group.objects.get(name="Editors")
    return model.objects.first()


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda m: m._meta.label
)
def test_every_admin_page_renders(client, editor, model, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    fill()
    client = admin_client_for(client, model, editor)
    info = model._meta.app_label, model._meta.model_name
    obj = some_object(model)
    assert obj is not None, "data present"
    for url in (
        reverse("admin:{}_{}_changelist".format(*info)),
        reverse("admin:{}_{}_changelist".format(*info)) + "?q=a",
        reverse("admin:{}_{}_add".format(*info)),
        reverse("admin:{}_{}_change".format(*info), args=[obj.pk]),
        reverse("admin:{}_{}_history".format(*info), args=[obj.pk]),
        reverse("admin:{}_{}_delete".format(*info), args=[obj.pk]),
    ):
        response = client.get(url)
        # Countries come from a migration: nobody adds or deletes them; the
        # audit log, mail and task records are written by the site only.
        fixed = url.endswith(READ_ONLY.get(model, ()))
        # The site's identity is one row: its list opens that row's form.
        to_the_row = model is SiteIdentity and url.split("?")[0].endswith(
            "/siteidentity/"
        )
        expected = 403 if fixed else 302 if to_the_row else 200
        assert response.status_code == expected, url


@pytest.mark.parametrize(
    "model",
    [
        Article,
        Event,
        Appeal,
        SolidarityMessage,
        CampaignPage,
        Supporter,
        Country,
        Tag,
        AuditEntry,
    ],
    ids=lambda m: m._meta.label,
)
def test_changelist_queries_do_not_grow_with_rows(editor_client, model):
    """Guards against N+1 in list columns (tags, organiser, appeal)."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    fill(2)
    with CaptureQueriesContext(connection) as few:
        assert editor_client.get(url).status_code == 200
    fill(5)
    with CaptureQueriesContext(connection) as many:
        assert editor_client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many]


def test_changelist_filters_render(editor_client):
    fill(2)
    for url in (
        reverse("admin:posts_article_changelist") + "?status__exact=draft",
        reverse("admin:posts_article_changelist") + "?needs_review__exact=1",
        reverse("admin:posts_article_changelist") + "?countries__code__exact=VE",
        reverse("admin:posts_article_changelist") + "?tags__id__exact=1",
        reverse("admin:posts_article_changelist")
        + f"?published_at__year={timezone.now().year}",
        reverse("admin:posts_event_changelist") + "?country=IE",
        reverse("admin:appeals_appeal_changelist") + "?state__exact=urgent",
        reverse("admin:appeals_solidaritymessage_changelist")
        + "?moderation__exact=pending",
    ):
        assert editor_client.get(url).status_code == 200, url


def select(client, model, action, objects):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.post(
        url,
        {"action": action, "_selected_action": [o.pk for o in objects]},
        follow=True,
    )
    assert response.status_code == 200
    return " ".join(str(m) for m in response.context["messages"])


@pytest.mark.parametrize("make", [make_article, make_appeal, make_event])
def test_publish_keeps_dates(editor_client, make):
    """A past-dated draft goes out at once with its own date; a future-dated
    one becomes scheduled, and the editor is told which is which."""
    now = timezone.now()
    past = make(status="draft", published_at=now - timedelta(days=30))
    future = make(status="draft", published_at=now + timedelta(days=2))
    message = select(editor_client, type(past), "publish", [past, future])
    past.refresh_from_db()
    future.refresh_from_db()
    assert past.is_published()
    assert now - past.published_at > timedelta(days=29), "date kept"
    assert future.status == Post.Status.PUBLISHED and not future.is_published()
    assert "2 items published" in message
    assert "1 of them has a publication date in the future" in message


@pytest.mark.parametrize("make", [make_article, make_appeal, make_event])
def test_publish_now_dates_drafts_now(editor_client, make):
    now = timezone.now()
    old_draft = make(status="draft", published_at=now - timedelta(days=30))
    scheduled = make(published_at=now + timedelta(days=2))
    public = make(published_at=now - timedelta(days=5))
    expired = make(
        status="draft",
        published_at=now - timedelta(days=10),
        expires_at=now - timedelta(days=1),
    )
    items = [old_draft, scheduled, public, expired]
    message = select(editor_client, type(public), "publish_now", items)
    for item in items:
        item.refresh_from_db()
    assert old_draft.is_published() and old_draft.published_at >= now
    assert scheduled.is_published() and scheduled.published_at >= now
    assert public.published_at < now - timedelta(days=4), "public keeps its date"
    assert not expired.is_published()
    assert "3 items published. 1 was already published" in message
    assert "1 of them has passed its expiry date" in message


@pytest.mark.parametrize("make", [make_article, make_appeal, make_event])
def test_unpublish(editor_client, make):
    items = [make(), make()]
    message = select(editor_client, type(items[0]), "unpublish", items)
    assert not type(items[0]).objects.published().exists()
    assert "2 items unpublished" in message


@pytest.mark.parametrize(
    ("action", "state"),
    [("mark_urgent", "urgent"), ("mark_won", "won"), ("mark_closed", "closed")],
)
def test_appeal_state_actions(editor_client, action, state):
    appeals = [make_appeal(state="ongoing"), make_appeal(state="urgent")]
    message = select(editor_client, Appeal, action, appeals)
    assert set(Appeal.objects.values_list("state", flat=True)) == {state}
    changed = 1 if state == "urgent" else 2
    assert f"{changed} appeal{'s' if changed > 1 else ''} marked {state}" in message


@pytest.mark.parametrize(
    ("action", "state", "public"),
    [
        ("approve", "approved", True),
        ("reject", "rejected", False),
        ("mark_spam", "spam", False),
    ],
)
def test_message_moderation_actions(editor_client, editor, action, state, public):
    messages = [make_message(moderation="pending"), make_message(moderation="spam")]
    select(editor_client, SolidarityMessage, action, messages)
    for message in messages:
        before = message.moderation
        message.refresh_from_db()
        assert message.moderation == state
        assert message.moderated_by == (None if before == state else editor)
        assert message.is_published() is public


def test_moderating_in_the_form_stamps_the_editor(editor_client, editor):
    from tests.admin_forms import message_data

    message = make_message(moderation="pending")
    editor_client.post(
        reverse("admin:appeals_solidaritymessage_change", args=[message.pk]),
        message_data(moderation="approved"),
    )
    message.refresh_from_db()
    assert (message.moderation, message.moderated_by) == ("approved", editor)
    assert SolidarityMessage.objects.approved().filter(pk=message.pk).exists()


def test_messages_pending_first_with_a_visible_state(editor_client):
    now = timezone.now()
    old_pending = make_message(moderation="pending", received_at=now - timedelta(9))
    make_message(moderation="approved", received_at=now - timedelta(hours=1))
    new_pending = make_message(moderation="pending", received_at=now - timedelta(1))
    response = editor_client.get(reverse("admin:appeals_solidaritymessage_changelist"))
    shown = list(response.context["cl"].result_list)
    assert shown[:2] == [new_pending, old_pending]
    assert shown[2].moderation == "approved"
    assert '<span class="moderation moderation-pending">Pending</span>' in (
        response.text
    )


def test_view_on_site_leads_to_the_public_page(editor_client):
    for obj in (make_article(), make_appeal(), make_event()):
        change = editor_client.get(
            reverse(
                f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change",
                args=[obj.pk],
            )
        )
        assert change.context["has_absolute_url"]
        response = editor_client.get(change.context["absolute_url"], follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0].endswith(obj.get_absolute_url())
    approved, pending = make_message(), make_message(moderation="pending")
    admin_ = admin.site._registry[SolidarityMessage]
    assert admin_.get_view_on_site_url(approved) == approved.get_absolute_url()
    assert admin_.get_view_on_site_url(pending) is None
    page = CampaignPage.objects.create(key="donate", title="Donate")
    url = admin.site._registry[CampaignPage].get_view_on_site_url(page)
    assert url == reverse("donate")
    assert editor_client.get(url).status_code == 200


def test_change_form_explains_publishing(editor_client):
    article = make_article()
    response = editor_client.get(
        reverse("admin:posts_article_change", args=[article.pk])
    )
    assert "Published with a future date means scheduled" in response.text


def test_editor_adds_a_meeting_and_owns_it_unless_assigned(editor_client, editor):
    from tests.admin_forms import event_data

    editor_client.post(reverse("admin:posts_event_add"), event_data(slug="m1"))
    assert Event.objects.get(slug="m1").organiser == editor
    assert Event.objects.get(slug="m1").created_by == editor


def test_meeting_times_are_entered_and_shown_in_the_venue_time_zone(editor_client):
    """19:00 in Caracas is 23:00 UTC, whatever the site's own zone."""
    from datetime import UTC, datetime

    from tests.admin_forms import event_data

    data = event_data(
        slug="caracas",
        timezone="America/Caracas",
        country="VE",
        city="Caracas",
        starts_at_0="2030-06-12",
        starts_at_1="19:00:00",
        ends_at_0="2030-06-12",
        ends_at_1="21:30:00",
    )
    response = editor_client.post(reverse("admin:posts_event_add"), data)
    assert response.status_code == 302
    event = Event.objects.get(slug="caracas")
    assert event.starts_at == datetime(2030, 6, 12, 23, 0, tzinfo=UTC)
    assert event.ends_at == datetime(2030, 6, 13, 1, 30, tzinfo=UTC)
    change = editor_client.get(reverse("admin:posts_event_change", args=[event.pk]))
    form = change.context["adminform"].form
    assert 'value="19:00:00"' in str(form["starts_at"])
    assert 'value="21:30:00"' in str(form["ends_at"])
    listing = editor_client.get(reverse("admin:posts_event_changelist")).text
    assert "Wed 12 Jun 2030, 19:00" in listing


def test_country_filters_list_only_countries_in_use(editor_client):
    make_message(country="ES")
    make_message(country="TR")
    url = reverse("admin:appeals_solidaritymessage_changelist")
    response = editor_client.get(url)
    (country_filter,) = [
        spec for spec in response.context["cl"].filter_specs if spec.title == "country"
    ]
    assert [code for code, _ in country_filter.lookup_choices] == ["ES", "TR"]
    response = editor_client.get(url + "?country=TR")
    assert [m.country.code for m in response.context["cl"].result_list] == ["TR"]


def test_organisers_country_filter_shows_only_their_meetings(client):
    alice = make_user(group="Organisers")
    make_event(country="IE", organiser=alice)
    make_event(country="CO", organiser=make_user(group="Organisers"))
    client.force_login(alice)
    response = client.get(reverse("admin:posts_event_changelist"))
    (country_filter,) = [
        spec for spec in response.context["cl"].filter_specs if spec.title == "country"
    ]
    assert country_filter.lookup_choices == [("IE", "Ireland")]


def test_editors_say_how_much_of_a_date_is_known(editor_client):
    """Imported texts often give only a month or a year (issue 17): editors
    see that in the admin and can change it; a form sent without the field
    keeps what the post had."""
    from tests.admin_forms import article_data

    article = make_article(title="Old leaflet", slug="old-leaflet")
    change_url = reverse("admin:posts_article_change", args=[article.pk])
    assert 'name="date_precision"' in editor_client.get(change_url).text
    data = article_data(title="Old leaflet", slug="old-leaflet", date_precision="year")
    assert editor_client.post(change_url, data).status_code == 302
    article.refresh_from_db()
    assert article.date_precision == "year"
    data.pop("date_precision")
    assert editor_client.post(change_url, data).status_code == 302
    article.refresh_from_db()
    assert article.date_precision == "year"
