"""A real SMTP server for the tests (aiosmtpd on a loopback port), and a way
to run real worker processes against the test database."""

import asyncio
import email
import email.policy
import os
import socket
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from aiosmtpd.controller import Controller
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """What the server received: one entry per SMTP transaction."""

    def __init__(self):
        self.lock = threading.Lock()
        self.received = []
        self.rcpt_count = 0
        # Set `hold_rcpt` to n: the n-th RCPT gets no answer until its
        # client hangs up (`held` is set meanwhile), so a test can kill a
        # sender in the middle of a message, deterministically.
        self.hold_rcpt = None
        self.held = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            self.rcpt_count += 1
            hold = self.rcpt_count == self.hold_rcpt
        if hold:
            self.held.set()
            for _ in range(1200):  # a minute at most
                if session.transport is None or session.transport.is_closing():
                    break
                await asyncio.sleep(0.05)
            return "451 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.original_content or envelope.content, policy=email.policy.default
        )
        with self.lock:
            self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    @property
    def messages(self):
        with self.lock:
            return [message for _, message in self.received]

    @property
    def envelopes(self):
        with self.lock:
            return [rcpts for rcpts, _ in self.received]

    def to(self, address):
        return [m for rcpts, m in list(self.received) if rcpts == [address]]

    def clear(self):
        with self.lock:
            self.received.clear()


class SMTPServer:
    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()


def text_of(message):
    part = message.get_body(preferencelist=("plain",))
    return part.get_content()


def worker_database_url(tmp_path):
    """A DATABASE_URL for a worker process that sees the test's data: the
    PostgreSQL test database itself, or for SQLite (whose test database
    lives in memory) a copy in a file."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        path = tmp_path / "worker.sqlite3"
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}"
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def start_worker(database_url, smtp_port, log=subprocess.DEVNULL, **env):
    """A `manage.py worker` process on `database_url`, sending to the SMTP
    server on `smtp_port`; its output goes to `log` (a file)."""
    environ = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(smtp_port),
        "DJANGO_TASK_HEARTBEAT_SECONDS": "0.3",
        **env,
    }
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.1",
            "--verbosity",
            "0",
        ],
        cwd=ROOT,
        env=environ,
        stdout=log,
        stderr=log,
    )
