"""
Run a worker: django-tasks-db's `db_worker`, plus a heartbeat thread that
says the worker is alive, hands back the work of workers that died, and
enqueues the periodic tasks (solidarity/tasks.py). Run one or more of these
beside the web server: `make run` starts one, and
`solidarity/deploy/solidarity-worker@.service` runs them under systemd.
"""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django.utils.module_loading import autodiscover_modules
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from solidarity import mail, tasks


class Command(DBWorkerCommand):
    help = (
        "Run background tasks (mail, mailings, reminders, clean-ups) and the "
        "periodic ones. Same options as db_worker."
    )

    def handle(self, *args, **options):
        # Every app's tasks (and so its periodic ones) are known to this worker.
        autodiscover_modules("tasks")
        # With --reload the first process only watches files; the child
        # (DJANGO_AUTORELOAD_ENV set) is the worker that beats.
        if not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            mail.WORKER["id"] = options["worker_id"]
            tasks.start_heartbeat(options["worker_id"])
        return super().handle(*args, **options)
