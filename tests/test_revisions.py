"""Revisions (django-reversion): each admin save is kept; editors compare two
and revert to one (a new revision, never publishing by itself); deleted
posts come back as drafts; erasure rewrites history. Revisions are admin-only."""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from appeals.models import SolidarityMessage, Supporter
from posts.models import Article, Post
from solidarity.models import AuditEntry
from tests.admin_forms import appeal_data, article_data, message_data
from tests.factories import make_appeal, make_article, make_event, make_user

pytestmark = pytest.mark.django_db


def change(client, obj, data):
    opts = obj._meta
    response = client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
        data,
    )
    assert response.status_code == 302, response.context and [
        form.errors for form in [response.context.get("adminform").form]
    ]
    return response


def versions(obj):
    return list(
        Version.objects.get_for_object(obj).order_by("revision__date_created", "pk")
    )


def url(obj, name, *args):
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_{name}", args=[obj.pk, *args]
    )


# One publication date for every save (the form helpers default to "an hour
# ago", which moves between two saves on a slow machine).
SAME_DATE = {"published_at_0": "2026-01-05", "published_at_1": "10:00:00"}


@pytest.fixture
def edited_appeal(editor_client):
    """An appeal changed twice in the admin: two revisions."""
    appeal = make_appeal(title="Original", slug="the-appeal")
    change(
        editor_client,
        appeal,
        appeal_data(
            title="Free the miners",
            slug="the-appeal",
            body="<p>Fifteen miners were arrested.</p>",
            **SAME_DATE,
        ),
    )
    change(
        editor_client,
        appeal,
        appeal_data(
            title="Free the fifteen miners",
            slug="the-appeal",
            body="<p>Fifteen miners were jailed today.</p>",
            **SAME_DATE,
        ),
    )
    return appeal


def test_each_save_is_a_revision_with_who_and_when(
    editor_client, editor, edited_appeal
):
    first, second = versions(edited_appeal)
    assert first.revision.user == editor
    assert first.field_dict["title"] == "Free the miners"
    assert second.field_dict["title"] == "Free the fifteen miners"
    history = editor_client.get(url(edited_appeal, "history"))
    assert history.status_code == 200
    assert history.text.count('name="v"') == 2
    assert "Revert to this" in history.text


def test_compare_shows_changed_fields_only_with_a_word_diff(
    editor_client, edited_appeal
):
    first, second = versions(edited_appeal)
    response = editor_client.get(
        url(edited_appeal, "compare"), {"v": [second.pk, first.pk]}
    )
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [str(row["label"]) for row in rows] == ["title", "text"]
    body = str(rows[1]["diff"])
    assert "<del>arrested.</del> <ins>jailed today.</ins>" in body
    assert "<p>" not in body, "rich text compared as its words"


def test_compare_needs_two_revisions(editor_client, edited_appeal):
    response = editor_client.get(url(edited_appeal, "compare"), {"v": "x"})
    assert response.status_code == 302
    assert response.url == url(edited_appeal, "history")


def test_revert_is_a_new_revision_and_shows_on_the_cached_public_page(
    editor_client, edited_appeal
):
    visitor = Client()
    assert (
        "Free the fifteen miners" in visitor.get(edited_appeal.get_absolute_url()).text
    )
    assert visitor.get(edited_appeal.get_absolute_url())["X-Page-Cache"] == "hit"
    first, _second = versions(edited_appeal)
    response = editor_client.post(url(edited_appeal, "revert", first.pk))
    assert response.status_code == 302
    edited_appeal.refresh_from_db()
    assert edited_appeal.title == "Free the miners"
    assert len(versions(edited_appeal)) == 3
    assert "Reverted to the revision of" in versions(edited_appeal)[-1].revision.comment
    page = visitor.get(edited_appeal.get_absolute_url()).text
    assert "Free the miners" in page and "fifteen" not in page
    assert AuditEntry.objects.filter(
        action="revert", object_id=str(edited_appeal.pk)
    ).exists()


def test_revert_never_publishes(editor_client):
    article = make_article(slug="story")
    change(editor_client, article, article_data(title="Published words", slug="story"))
    change(
        editor_client,
        article,
        article_data(title="Withdrawn", slug="story", status="draft"),
    )
    published_revision = versions(article)[0]
    editor_client.post(url(article, "revert", published_revision.pk))
    article.refresh_from_db()
    assert article.title == "Published words"
    assert article.status == Post.Status.DRAFT


def test_revert_to_a_slug_now_taken_is_a_clear_error(editor_client):
    article = make_article(slug="first-address")
    change(editor_client, article, article_data(title="One", slug="first-address"))
    change(editor_client, article, article_data(title="Two", slug="second-address"))
    make_article(title="Someone else", slug="first-address")
    response = editor_client.post(
        url(article, "revert", versions(article)[0].pk), follow=True
    )
    assert response.status_code == 200
    text = " ".join(str(m) for m in response.context["messages"])
    assert "“first-address” is now used by “Someone else”" in text
    article.refresh_from_db()
    assert (article.title, article.slug) == ("Two", "second-address")


def test_revert_restores_an_appeals_targets(editor_client):
    appeal = make_appeal(slug="targets")
    data = appeal_data(slug="targets")
    data.update(
        {
            "targets-TOTAL_FORMS": "1",
            "targets-0-name": "Minister",
            "targets-0-role": "",
            "targets-0-email": "minister@example.org",
            "targets-0-postal_address": "",
            "targets-0-position": "0",
        }
    )
    change(editor_client, appeal, data)
    target = appeal.targets.get()
    data = appeal_data(slug="targets")
    data.update(
        {
            "targets-TOTAL_FORMS": "2",
            "targets-INITIAL_FORMS": "1",
            "targets-0-id": str(target.pk),
            "targets-0-appeal": str(appeal.pk),
            "targets-0-name": "Minister",
            "targets-0-role": "",
            "targets-0-email": "minister@example.org",
            "targets-0-postal_address": "",
            "targets-0-position": "0",
            "targets-1-name": "Embassy",
            "targets-1-role": "",
            "targets-1-email": "embassy@example.org",
            "targets-1-postal_address": "",
            "targets-1-position": "1",
        }
    )
    change(editor_client, appeal, data)
    assert appeal.targets.count() == 2
    editor_client.post(url(appeal, "revert", versions(appeal)[0].pk))
    assert list(appeal.targets.values_list("name", flat=True)) == ["Minister"]


def test_revisions_of_a_meeting_another_organiser_owns_are_hidden(client, organiser):
    other = make_user(group="Organisers")
    event = make_event(organiser=other)
    editor = make_user(group="Editors")
    editors = Client()
    editors.force_login(editor)
    from tests.admin_forms import event_data

    change(editors, event, event_data(slug=event.slug))
    version = versions(event)[0]
    client.force_login(organiser)
    assert (
        client.get(url(event, "compare"), {"v": [version.pk, version.pk]}).status_code
        == 404
    )
    assert client.post(url(event, "revert", version.pk)).status_code == 404
    assert client.get(url(event, "revision", version.pk)).status_code == 404


def test_revisions_are_never_public(edited_appeal):
    first = versions(edited_appeal)[0]
    anonymous = Client()
    for target in (
        url(edited_appeal, "history"),
        url(edited_appeal, "compare") + f"?v={first.pk}&v={first.pk}",
    ):
        response = anonymous.get(target)
        assert response.status_code == 302 and "/admin/login/" in response.url


def test_a_deleted_post_is_recovered_as_a_draft(editor_client):
    article = make_article(slug="deleted-story")
    change(
        editor_client,
        article,
        article_data(title="Deleted story", slug="deleted-story"),
    )
    editor_client.post(url(article, "delete"), {"post": "yes"})
    assert not Article.objects.filter(pk=article.pk).exists()
    recover_list = editor_client.get(reverse("admin:posts_article_recoverlist"))
    assert "Deleted story" in recover_list.text
    deleted = Version.objects.get_deleted(Article).get()
    recover = reverse("admin:posts_article_recover", args=[deleted.pk])
    assert editor_client.get(recover).status_code == 200
    assert Article.objects.filter(pk=article.pk).count() == 0, "GET changes nothing"
    editor_client.post(recover)
    recovered = Article.objects.get(pk=article.pk)
    assert recovered.title == "Deleted story"
    assert recovered.status == Post.Status.DRAFT


def test_erasure_reaches_every_revision_and_log(editor_client):
    """The erased name and email are in no revision, history entry or audit
    entry of the message or the supporter."""
    from tests.factories import make_message, make_supporter

    message = make_message(
        author_name="Zofia Nowak", organisation="", email="zofia@example.org"
    )
    change(
        editor_client,
        message,
        message_data(
            author_name="Zofia Nowak",
            organisation="",
            email="zofia@example.org",
            moderation="approved",
            text="Solidarity from Zofia Nowak",
        ),
    )
    supporter = make_supporter(name="Jan Kowal", email="jan@example.org")
    data = {
        "kind": "person",
        "name": "Jan Kowal",
        "email": "jan@example.org",
        "country": "PL",
        "city": "Gdansk",
        "organisation": "",
        "organisation_type": "",
        "help_with": [],
        "message": "",
        "consent": "on",
    }
    change(editor_client, supporter, data)
    secrets = ("Zofia", "zofia@example.org", "Jan Kowal", "jan@example.org", "Gdansk")

    def everywhere():
        rows = [v.serialized_data + v.object_repr for v in Version.objects.all()]
        rows += [e.object_repr + e.change_message for e in LogEntry.objects.all()]
        rows += [e.object_repr + e.detail for e in AuditEntry.objects.all()]
        return " ".join(rows)

    assert all(secret in everywhere() for secret in secrets), "kept before erasure"
    for model, obj in ((SolidarityMessage, message), (Supporter, supporter)):
        opts = model._meta
        editor_client.post(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            {"action": "erase", "_selected_action": [obj.pk], "apply": "yes"},
        )
    found = everywhere()
    for secret in secrets:
        assert secret not in found, secret
    assert Version.objects.get_for_object(message).exists(), "who and when stay"


def test_deleting_a_message_or_supporter_deletes_its_revisions(editor_client):
    from tests.factories import make_message

    message = make_message(author_name="Olga Petrova", email="olga@example.org")
    change(
        editor_client,
        message,
        message_data(author_name="Olga Petrova", email="olga@example.org"),
    )
    assert Version.objects.get_for_object(message).exists()
    opts = SolidarityMessage._meta
    editor_client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[message.pk]),
        {"post": "yes"},
    )
    assert not SolidarityMessage.objects.filter(pk=message.pk).exists()
    kept = " ".join(v.serialized_data + v.object_repr for v in Version.objects.all())
    logs = " ".join(e.object_repr for e in LogEntry.objects.all())
    for secret in ("Olga", "olga@example.org"):
        assert secret not in kept and secret not in logs


def test_organisers_cannot_list_or_recover_deleted_meetings(client, organiser):
    editor = make_user(group="Editors")
    editors = Client()
    editors.force_login(editor)
    from tests.admin_forms import event_data

    event = make_event(organiser=make_user(group="Organisers"), title="Not yours")
    change(editors, event, event_data(title="Not yours", slug=event.slug))
    event.delete()
    deleted = Version.objects.get_deleted(type(event)).get()
    client.force_login(organiser)
    assert client.get(reverse("admin:posts_event_recoverlist")).status_code == 403
    recover = reverse("admin:posts_event_recover", args=[deleted.pk])
    assert client.post(recover).status_code == 403
    assert (
        "Recover deleted"
        not in client.get(reverse("admin:posts_event_changelist")).text
    )
    assert (
        "Recover deleted" in editors.get(reverse("admin:posts_event_changelist")).text
    )


def test_a_revision_keeps_the_countries_saved_with_it(editor_client):
    """reversion serializes the Post row before the form's many-to-many
    values are saved; the admin adds it again after them, so each revision
    holds the countries of that save, and compare names the change."""
    appeal = make_appeal(title="Countries", slug="countries")
    change(
        editor_client,
        appeal,
        appeal_data(slug="countries", countries=["IE"], **SAME_DATE),
    )
    change(
        editor_client,
        appeal,
        appeal_data(slug="countries", countries=["VE"], **SAME_DATE),
    )
    first, second = versions(appeal)
    assert first.field_dict["countries"] == ["IE"]
    assert second.field_dict["countries"] == ["VE"]
    rows = editor_client.get(
        url(appeal, "compare"), {"v": [first.pk, second.pk]}
    ).context["rows"]
    (row,) = [row for row in rows if str(row["label"]) == "countries"]
    assert (row["old"], row["new"]) == ("Ireland", "Venezuela")
