"""The two editorial roles (solidarity/roles.py) as the admin enforces them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from posts.models import Event
from tests.admin_forms import event_data
from tests.factories import (
    make_appeal,
    make_article,
    make_event,
    make_message,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(db):
    return make_user(group="Organisers", username="alice")


@pytest.fixture
def bob(db):
    return make_user(group="Organisers", username="bob")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def meetings(alice, bob):
    return (
        make_event(title="Alice's picket", organiser=alice),
        make_event(title="Bob's public meeting", organiser=bob, status="draft"),
    )


def test_organiser_changelist_lists_only_own_meetings(alice_client, meetings):
    response = alice_client.get(reverse("admin:posts_event_changelist"))
    assert response.status_code == 200
    assert "Alice&#x27;s picket" in response.text
    assert "Bob" not in response.text, "no other organiser's meeting or name"


def test_organiser_cannot_open_change_history_or_delete_of_other_meeting(
    alice_client, meetings
):
    """Opening another organiser's meeting by URL behaves as if it did not
    exist (the admin redirects to its index), and nothing changes."""
    bobs = meetings[1]
    for name in ("change", "history", "delete"):
        url = reverse(f"admin:posts_event_{name}", args=[bobs.pk])
        response = alice_client.get(url)
        assert response.status_code == 302, name
        assert response.url == reverse("admin:index")
    response = alice_client.post(
        reverse("admin:posts_event_change", args=[bobs.pk]),
        event_data(title="Hijacked", slug=bobs.slug),
    )
    assert response.status_code == 302
    response = alice_client.post(
        reverse("admin:posts_event_delete", args=[bobs.pk]), {"post": "yes"}
    )
    bobs.refresh_from_db()
    assert bobs.title == "Bob's public meeting"


def test_organiser_bulk_actions_ignore_other_meetings(alice_client, meetings):
    """A crafted action POST naming someone else's meeting does nothing to it."""
    alices, bobs = meetings
    changelist = reverse("admin:posts_event_changelist")
    alice_client.post(
        changelist,
        {"action": "publish", "_selected_action": [alices.pk, bobs.pk]},
    )
    alice_client.post(
        changelist,
        {
            "action": "delete_selected",
            "_selected_action": [bobs.pk],
            "post": "yes",
        },
    )
    bobs.refresh_from_db()
    assert bobs.status == "draft"


def test_organiser_can_change_own_meeting(alice_client, meetings):
    alices = meetings[0]
    url = reverse("admin:posts_event_change", args=[alices.pk])
    assert alice_client.get(url).status_code == 200
    response = alice_client.post(
        url, event_data(title="Picket moved", slug=alices.slug)
    )
    assert response.status_code == 302
    alices.refresh_from_db()
    assert alices.title == "Picket moved"


def test_organiser_cannot_give_a_meeting_to_someone_else(alice_client, alice, bob):
    """`organiser` is read-only for organisers: a crafted POST is ignored on
    add and on change."""
    add = reverse("admin:posts_event_add")
    alice_client.post(add, event_data(slug="mine", organiser=bob.pk))
    event = Event.objects.get(slug="mine")
    assert event.organiser == alice
    alice_client.post(
        reverse("admin:posts_event_change", args=[event.pk]),
        event_data(slug="mine", organiser=bob.pk),
    )
    event.refresh_from_db()
    assert event.organiser == alice


def test_organiser_cannot_touch_articles_appeals_or_messages(alice_client):
    objects = {
        "posts_article": make_article(),
        "appeals_appeal": make_appeal(),
        "appeals_solidaritymessage": make_message(),
    }
    for prefix, obj in objects.items():
        for name, args in (
            ("changelist", []),
            ("add", []),
            ("change", [obj.pk]),
            ("delete", [obj.pk]),
        ):
            response = alice_client.get(reverse(f"admin:{prefix}_{name}", args=args))
            assert response.status_code == 403, (prefix, name)
        response = alice_client.post(
            reverse(f"admin:{prefix}_changelist"),
            {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
        )
        assert response.status_code == 403
        assert type(obj).objects.filter(pk=obj.pk).exists()
    index = alice_client.get(reverse("admin:index")).text
    for prefix in objects:
        assert reverse(f"admin:{prefix}_changelist") not in index
    assert reverse("admin:posts_event_changelist") in index


def test_organiser_autocomplete_does_not_leak_accounts_or_appeals(alice_client):
    make_appeal(title="Secret draft appeal", status="draft")
    url = reverse("admin:autocomplete")
    for params in (
        {"app_label": "posts", "model_name": "event", "field_name": "organiser"},
        {"app_label": "posts", "model_name": "event", "field_name": "created_by"},
        {
            "app_label": "appeals",
            "model_name": "solidaritymessage",
            "field_name": "appeal",
        },
    ):
        response = alice_client.get(url, {**params, "term": ""})
        assert response.status_code == 403, params
    # Organisers see nothing of the countries' admin, so no autocomplete on
    # it either: their meeting form has a plain menu of countries.
    response = alice_client.get(
        url,
        {
            "app_label": "posts",
            "model_name": "event",
            "field_name": "countries",
            "term": "irel",
        },
    )
    assert response.status_code == 403
    form = alice_client.get(reverse("admin:posts_event_add"))
    assert form.status_code == 200
    assert '<option value="IE">Ireland</option>' in form.text


def test_organisers_see_only_meetings(alice_client):
    """No Countries, no Tags (nor taggit's merge action, which made tags)."""
    index = alice_client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert reverse("admin:posts_event_changelist") in index.text
    for name in ("posts_country", "taggit_tag", "posts_article", "appeals_appeal"):
        assert reverse(f"admin:{name}_changelist") not in index.text, name
        response = alice_client.get(reverse(f"admin:{name}_changelist"))
        assert response.status_code == 403, name
    response = alice_client.post(
        reverse("admin:taggit_tag_changelist"),
        {"action": "merge", "_selected_action": []},
    )
    assert response.status_code == 403


def test_organiser_cannot_preview_another_organisers_draft_on_the_site(
    alice_client, meetings
):
    """Drafts on the public page are for those who may change them."""
    bobs = meetings[1]
    assert alice_client.get(bobs.get_absolute_url()).status_code == 404
    mine = make_event(status="draft", organiser=meetings[0].organiser)
    assert alice_client.get(mine.get_absolute_url()).status_code == 200


def test_editor_can_do_everything(editor_client, meetings):
    bobs = meetings[1]
    for prefix, obj in {
        "posts_article": make_article(),
        "posts_event": bobs,
        "appeals_appeal": make_appeal(),
        "appeals_solidaritymessage": make_message(),
    }.items():
        for name, args in (
            ("changelist", []),
            ("add", []),
            ("change", [obj.pk]),
            ("delete", [obj.pk]),
        ):
            response = editor_client.get(reverse(f"admin:{prefix}_{name}", args=args))
            assert response.status_code == 200, (prefix, name)
    alice = meetings[0].organiser
    response = editor_client.post(
        reverse("admin:posts_event_change", args=[bobs.pk]),
        event_data(title="Reassigned", slug=bobs.slug, organiser=alice.pk),
    )
    assert response.status_code == 302
    bobs.refresh_from_db()
    assert (bobs.title, bobs.organiser) == ("Reassigned", alice)
    response = editor_client.post(
        reverse("admin:posts_event_delete", args=[bobs.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Event.objects.filter(pk=bobs.pk).exists()


def test_editor_cannot_make_a_non_staff_account_organiser(editor_client):
    outsider = make_user(is_staff=False)
    response = editor_client.post(
        reverse("admin:posts_event_add"),
        event_data(slug="outsider", organiser=outsider.pk),
    )
    assert response.status_code == 200
    assert "organiser" in response.context["adminform"].form.errors


def test_readme_way_of_making_an_editor(client):
    """README, Editors: a superuser adds a user, then ticks Staff status and
    puts them in Editors; the new editor can then publish."""
    from django.contrib.auth.models import Group, User

    client.force_login(make_user(is_superuser=True))
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "rosa",
            "usable_password": "true",
            "password1": "a-long-pass-phrase-41",
            "password2": "a-long-pass-phrase-41",
            "_continue": "1",
        },
    )
    rosa = User.objects.get(username="rosa")
    assert response.status_code == 302
    change = client.get(reverse("admin:auth_user_change", args=[rosa.pk]))
    form = change.context["adminform"].form
    data = {
        name: value
        for name, value in (
            (name, form[name].value()) for name in form.fields if name != "password"
        )
        if value not in (None, False)
    }
    for name in ("last_login", "date_joined"):
        value = data.pop(name, None)
        if value:
            local = timezone.localtime(value)
            data[f"{name}_0"] = local.strftime("%Y-%m-%d")
            data[f"{name}_1"] = local.strftime("%H:%M:%S")
    data.update(is_staff="on", groups=[Group.objects.get(name="Editors").pk])
    response = client.post(reverse("admin:auth_user_change", args=[rosa.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()
    assert client.login(username="rosa", password="a-long-pass-phrase-41")
    assert client.get(reverse("admin:posts_article_add")).status_code == 200
    messages = reverse("admin:appeals_solidaritymessage_changelist")
    assert client.get(messages).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
