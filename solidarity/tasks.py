"""
The task queue: django-tasks (the backport of Django 6's `django.tasks`) on
django-tasks-db, whose tasks are rows in the site's own database. What this
module adds to it, which the library leaves to its users:

- `enqueue_on_commit()`: a task is enqueued once the data it reads is
  committed (STYLE 49), never for a transaction that rolled back.
- `@background`: a task that fails is enqueued again after a growing delay
  (TASK_RETRY_SECONDS x 4 each time) up to TASK_MAX_ATTEMPTS; the last
  failure is raised, so the admin lists it as failed (Task results).
  Every task here is idempotent: running it twice changes nothing.
- `@periodic(seconds)`: run a task every so often. Each worker's heartbeat
  thread (`beat()`) inserts one `PeriodicRun` row per task and time slot;
  whoever inserts it enqueues the task, so each runs once however many
  workers there are.
- Lost work: workers write a heartbeat; a task, or a message being sent,
  held by a worker silent for three beats (it was killed, or its machine
  died) is handed back and run again. django-tasks-db alone leaves such a
  task "running" for ever.

`manage.py worker` (solidarity/management/commands/worker.py) is the worker.
"""

import functools
import logging
import os
import random
import socket
import threading
import time
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import (
    IntegrityError,
    OperationalError,
    close_old_connections,
    transaction,
)
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from . import mail
from .models import PeriodicRun, QueuedMessage, SendStatus, WorkerHeartbeat

logger = logging.getLogger(__name__)

PERIODIC = []


class WorkerLost(Exception):
    """Recorded on a task whose worker stopped while running it."""


def enqueue_on_commit(a_task, *args, **kwargs):
    """Enqueue `a_task` once the current transaction commits (at once
    outside one). A task that cannot be enqueued is logged: what it was to
    do is in the database, and the periodic sweeps pick it up."""

    def enqueue():
        try:
            a_task.enqueue(*args, **kwargs)
        except Exception:
            logger.exception("Could not enqueue %s", a_task.name)

    transaction.on_commit(enqueue)


def retry_delay(attempt):
    base = settings.TASK_RETRY_SECONDS * 4 ** (attempt - 1)
    return base * random.uniform(0.9, 1.1)  # noqa: S311 (jitter, not secrecy)


def background(*, priority=0, max_attempts=None):
    """Make a function a task that retries with backoff (see the module)."""

    def decorate(function):
        @functools.wraps(function)
        def run(*args, attempt=1, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception as error:
                limit = max_attempts or settings.TASK_MAX_ATTEMPTS
                if attempt >= limit:
                    raise
                delay = retry_delay(attempt)
                logger.warning(
                    "%s failed (attempt %s of %s), again in %.0f s: %r",
                    function.__name__,
                    attempt,
                    limit,
                    delay,
                    error,
                )
                the_task.using(
                    run_after=timezone.now() + timedelta(seconds=delay)
                ).enqueue(*args, attempt=attempt + 1, **kwargs)
                return {"error": repr(error), "retry_in_seconds": round(delay)}

        the_task = task(priority=priority)(run)
        return the_task

    return decorate


def periodic(seconds):
    """Register a task to be enqueued every `seconds` by the workers."""

    def register(a_task):
        PERIODIC.append((a_task, seconds))
        return a_task

    return register


def run_due_periodic_tasks(now=None):
    """Enqueue the periodic tasks whose slot has come and nobody took."""
    now = time.time() if now is None else now
    enqueued = []
    for a_task, seconds in PERIODIC:
        slot = int(now // seconds)
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(name=a_task.module_path, slot=slot)
        except IntegrityError:
            continue
        a_task.enqueue()
        enqueued.append(a_task.name)
    PeriodicRun.objects.filter(
        created_at__lt=timezone.now() - timedelta(days=2)
    ).delete()
    return enqueued


def lost_after():
    return timedelta(seconds=3 * settings.TASK_HEARTBEAT_SECONDS)


def live_workers():
    since = timezone.now() - lost_after()
    return set(
        WorkerHeartbeat.objects.filter(seen_at__gte=since).values_list(
            "worker_id", flat=True
        )
    )


def queued_message_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, QueuedMessage) and not model._meta.abstract
    ]


def reset_lost_messages(me=None):
    """Messages a dead worker was sending go back to the queue: it never
    sent their final "." (solidarity/mail.py), so nothing was delivered.
    `me`, the worker asking, is alive whatever its last heartbeat says."""
    live = live_workers() | {me}
    cutoff = timezone.now() - lost_after()
    reset = 0
    for model in queued_message_models():
        reset += (
            model.objects.filter(status=SendStatus.SENDING, claimed_at__lt=cutoff)
            .exclude(claimed_by__in=live)
            .update(status=SendStatus.QUEUED, claim="", claimed_by="")
        )
    return reset


def recover_lost_tasks(me=None):
    """Tasks left running by a dead worker are failed (so the admin shows
    what happened) and enqueued again: they are idempotent."""
    live = live_workers() | {me}
    cutoff = timezone.now() - lost_after()
    recovered = 0
    for result in DBTaskResult.objects.running().filter(started_at__lt=cutoff):
        if result.worker_ids and result.worker_ids[-1] in live:
            continue
        updated = DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING
        ).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=f"{__name__}.WorkerLost",
            traceback=f"Worker {result.worker_ids[-1:]} stopped during this task; "
            "it was enqueued again.",
        )
        if updated:
            args = result.args_kwargs
            result.task.using(run_after=None).enqueue(
                *args.get("args", []), **args.get("kwargs", {})
            )
            recovered += 1
    return recovered


def beat(worker_id):
    """One heartbeat: say this worker is alive, hand back lost work and
    enqueue due periodic tasks."""
    # One UPDATE (or INSERT), not update_or_create's read-then-write
    # transaction, which SQLite refuses at once when the worker's own thread
    # wrote in between.
    seen = {"host": socket.gethostname()[:255], "pid": os.getpid()}
    beats = WorkerHeartbeat.objects.filter(worker_id=worker_id)
    if not beats.update(seen_at=timezone.now(), **seen):
        WorkerHeartbeat.objects.create(
            worker_id=worker_id, seen_at=timezone.now(), **seen
        )
    reset_lost_messages(worker_id)
    recover_lost_tasks(worker_id)
    run_due_periodic_tasks()
    WorkerHeartbeat.objects.filter(
        seen_at__lt=timezone.now() - timedelta(days=1)
    ).delete()


def start_heartbeat(worker_id):
    """Beat in a daemon thread of the worker process until it exits."""

    def loop():
        while True:
            try:
                beat(worker_id)
            except OperationalError as error:  # SQLite busy, database away
                logger.warning("Worker heartbeat skipped: %s", error)
            except Exception:
                logger.exception("Worker heartbeat failed")
            finally:
                close_old_connections()
            time.sleep(settings.TASK_HEARTBEAT_SECONDS)

    thread = threading.Thread(target=loop, name="worker-heartbeat", daemon=True)
    thread.start()
    return thread


@background(priority=10)
def deliver_email(email_id):
    """Send one queued OutgoingEmail (solidarity/mail.py)."""
    return mail.send_outgoing(email_id)


@periodic(seconds=300)
@background()
def sweep_outgoing_email():
    """Queued mail whose task never got enqueued (the enqueue failed after
    the commit) is enqueued again."""
    from .models import OutgoingEmail

    stale = OutgoingEmail.objects.filter(
        status=SendStatus.QUEUED,
        created_at__lt=timezone.now() - timedelta(minutes=5),
    ).values_list("pk", flat=True)[:1000]
    for pk in stale:
        deliver_email.enqueue(pk)
    return len(stale)


@periodic(seconds=24 * 60 * 60)
@background()
def prune_task_results():
    """Finished tasks are kept a week for the admin, then deleted."""
    cutoff = timezone.now() - timedelta(days=7)
    deleted, _ = DBTaskResult.objects.filter(
        status=TaskResultStatus.SUCCESSFUL, finished_at__lt=cutoff
    ).delete()
    return deleted
