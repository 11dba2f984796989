"""The audit log editors read: publishing, scheduling, moderation, erasure,
preview links and imports, with who and when; kept when content is deleted."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from appeals.models import SolidarityMessage
from posts.models import Article
from solidarity.models import AuditEntry
from tests.factories import make_article, make_message

pytestmark = pytest.mark.django_db

Action = AuditEntry.Action


def act(client, model, action, objects, **extra):
    opts = model._meta
    return client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        {"action": action, "_selected_action": [o.pk for o in objects], **extra},
    )


def entries(action):
    return list(AuditEntry.objects.filter(action=action))


def test_bulk_publish_schedule_unpublish_are_logged(editor_client, editor):
    now = timezone.now()
    draft = make_article(status="draft", title="Draft")
    later = make_article(status="draft", published_at=now + timedelta(days=1))
    act(editor_client, Article, "publish", [draft, later])
    [published] = entries(Action.PUBLISH)
    [scheduled] = entries(Action.SCHEDULE)
    assert (published.object_id, published.user, published.username) == (
        str(draft.pk),
        editor,
        editor.username,
    )
    assert published.object_repr == "Draft"
    assert scheduled.object_id == str(later.pk)
    assert now <= published.at <= timezone.now()
    act(editor_client, Article, "unpublish", [draft])
    assert [e.object_id for e in entries(Action.UNPUBLISH)] == [str(draft.pk)]


def test_moderation_decisions_and_erasure_are_logged(editor_client, editor):
    a, b, c = (make_message(moderation="pending") for _ in range(3))
    act(editor_client, SolidarityMessage, "approve", [a])
    act(editor_client, SolidarityMessage, "reject", [b])
    act(editor_client, SolidarityMessage, "mark_spam", [c])
    for action, message in ((Action.APPROVE, a), (Action.REJECT, b), (Action.SPAM, c)):
        [entry] = entries(action)
        assert entry.object_id == str(message.pk) and entry.user == editor
    act(editor_client, SolidarityMessage, "erase", [a], apply="yes")
    [erased] = entries(Action.ERASE)
    assert erased.object_id == str(a.pk)
    # No entry names the sender any more.
    assert not AuditEntry.objects.filter(object_repr__contains="Maria").exists()


def test_preview_links_are_logged(editor_client):
    article = make_article(status="draft")
    editor_client.post(
        reverse("admin:posts_article_preview_link", args=[article.pk]), {"days": 7}
    )
    editor_client.post(reverse("admin:posts_article_revoke_preview", args=[article.pk]))
    act(editor_client, Article, "revoke_preview_links", [article])
    [made] = entries(Action.PREVIEW_LINK)
    assert made.detail == "valid 7 days"
    assert len(entries(Action.PREVIEW_REVOKED)) == 2


def test_imports_are_logged(tmp_path):
    from django.core.management import call_command

    from tests.test_import_seeds import SEEDS

    call_command("import_seeds", str(SEEDS), verbosity=0)
    imported = entries(Action.IMPORT)
    assert imported and all(e.user is None for e in imported)
    assert all(e.detail.startswith("created from ") for e in imported)


def test_entries_outlive_their_content_and_filter(editor_client):
    article = make_article(status="draft", title="Gone soon")
    act(editor_client, Article, "publish", [article])
    article.delete()
    [entry] = entries(Action.PUBLISH)
    assert entry.object_repr == "Gone soon"
    url = reverse("admin:solidarity_auditentry_changelist")
    response = editor_client.get(url, {"action__exact": "publish"})
    assert response.status_code == 200
    assert "Gone soon" in response.text
    response = editor_client.get(url, {"action__exact": "spam"})
    assert "Gone soon" not in response.text


def test_organisers_cannot_read_the_log(client, organiser):
    client.force_login(organiser)
    url = reverse("admin:solidarity_auditentry_changelist")
    assert client.get(url).status_code == 403
