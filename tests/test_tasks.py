"""The task queue: mail leaves the request, retries back off, periodic tasks
run once per slot, a dead worker's work is handed back; supporters' hygiene."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from appeals.models import Supporter
from appeals.tasks import purge_unconfirmed_supporters, welcome_supporter
from solidarity import tasks
from solidarity.mail import queue_email
from solidarity.models import OutgoingEmail, PeriodicRun, SendStatus, WorkerHeartbeat
from tests.factories import form_started, make_supporter
from tests.smtp import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def db_queue(settings, monkeypatch):
    """The real backend: tasks wait in the database until a worker runs (in
    this process, inside the test's transaction: the worker must not close
    the connection between tasks, as it does in production)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_worker():
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run()


def test_join_sends_nothing_in_the_request(
    client, supporter_data, db_queue, django_capture_on_commit_callbacks, smtp_server
):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/en/join/", supporter_data).status_code == 302
    assert smtp_server.inbox.messages == []
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()  # the welcome task queues the confirmation
    run_worker()  # which is sent
    (message,) = smtp_server.inbox.to("ana@example.org")
    assert "/en/join/confirm/" in text_of(message)


def test_join_does_the_same_work_for_a_new_and_a_known_address(
    client, supporter_data, db_queue, django_capture_on_commit_callbacks
):
    """The response must not tell whether an address is already a supporter:
    the same queries, in the same order, either way."""

    def join_queries(email):
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = client.post(
                "/en/join/",
                {
                    **supporter_data,
                    "email": email,
                    "started": form_started(form_id="join"),
                },
            )
        assert response.status_code == 302
        return [q["sql"].split()[0] for q in queries.captured_queries]

    make_supporter(email="known@example.org", confirmed_at=timezone.now())
    assert join_queries("new@example.org") == join_queries("known@example.org")


def test_join_answers_the_same_with_the_mail_server_down(
    client, supporter_data, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/join/", supporter_data)
    assert response.status_code == 302
    email = OutgoingEmail.objects.get(to="ana@example.org")
    assert email.status == SendStatus.FAILED  # after every retry (immediate here)
    assert "refused" in email.last_error.lower() or email.last_error


def test_a_failed_delivery_is_retried_later_with_backoff(db_queue, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    settings.TASK_RETRY_SECONDS = 60
    email = queue_email("ana@example.org", "Hello", "Text")
    tasks.deliver_email.enqueue(email.pk)
    run_worker()
    email.refresh_from_db()
    assert email.status == SendStatus.QUEUED and email.attempts == 1
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    wait = (retry.run_after - timezone.now()).total_seconds()
    assert 45 < wait < 70
    # The last attempt fails the task, for editors to see in the admin.
    DBTaskResult.objects.all().delete()
    tasks.deliver_email.enqueue(email.pk, attempt=settings.TASK_MAX_ATTEMPTS)
    run_worker()
    assert DBTaskResult.objects.get().status == TaskResultStatus.FAILED


def test_editors_see_failed_tasks_and_mail(client, editor):
    client.force_login(editor)
    assert client.get("/admin/django_tasks_database/dbtaskresult/").status_code == 200
    assert client.get("/admin/solidarity/outgoingemail/").status_code == 200


def test_each_periodic_task_runs_once_per_slot(db_queue):
    first = tasks.run_due_periodic_tasks(now=1_000_000.0)
    assert "purge_unconfirmed_supporters" in first
    assert tasks.run_due_periodic_tasks(now=1_000_001.0) == []  # another worker
    assert PeriodicRun.objects.count() == len(tasks.PERIODIC)


def test_a_dead_workers_task_and_message_are_handed_back(db_queue):
    email = queue_email("ana@example.org", "Hello", "Text")
    result = tasks.deliver_email.enqueue(email.pk)
    long_ago = timezone.now() - timedelta(minutes=5)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["dead"]
    )
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=SendStatus.SENDING, claimed_by="dead", claimed_at=long_ago
    )
    WorkerHeartbeat.objects.create(worker_id="dead", seen_at=long_ago)
    tasks.beat("alive")
    email.refresh_from_db()
    assert email.status == SendStatus.QUEUED
    lost = DBTaskResult.objects.get(pk=result.id)
    assert lost.status == TaskResultStatus.FAILED
    assert lost.exception_class_path.endswith("WorkerLost")
    assert DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=lost.task_path
    ).exists()


def test_a_live_workers_task_is_left_alone(db_queue):
    result = tasks.deliver_email.enqueue(1)
    long_ago = timezone.now() - timedelta(minutes=5)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["busy"]
    )
    WorkerHeartbeat.objects.create(worker_id="busy", seen_at=timezone.now())
    assert tasks.recover_lost_tasks() == 0


def test_the_confirmation_goes_at_most_once_a_day(
    client, supporter_data, django_capture_on_commit_callbacks
):
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/en/join/", supporter_data)
    confirmations = OutgoingEmail.objects.filter(kind="supporter-confirmation")
    assert confirmations.count() == 1
    supporter = Supporter.objects.get()
    Supporter.objects.filter(pk=supporter.pk).update(
        confirmation_sent_at=timezone.now() - timedelta(hours=25)
    )
    with django_capture_on_commit_callbacks(execute=True):
        welcome_supporter.call(supporter.pk)
    assert confirmations.count() == 2


def test_editors_are_told_once_per_new_supporter(
    client, supporter_data, editor, django_capture_on_commit_callbacks
):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/en/join/", supporter_data)
    assert OutgoingEmail.objects.filter(kind="new-supporter").count() == 1


def test_unconfirmed_supporters_are_purged_after_the_set_days(settings):
    settings.UNCONFIRMED_SUPPORTER_DAYS = 10
    old = make_supporter(email="old@example.org")
    Supporter.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=11)
    )
    queue_email("old@example.org", "Please confirm", "link")
    recent = make_supporter(email="recent@example.org")
    confirmed = make_supporter(email="c@example.org", confirmed_at=timezone.now())
    Supporter.objects.filter(pk=confirmed.pk).update(
        created_at=timezone.now() - timedelta(days=100)
    )
    assert purge_unconfirmed_supporters.call() == 1
    assert set(Supporter.objects.all()) == {recent, confirmed}
    assert not OutgoingEmail.objects.filter(to="old@example.org").exists()
