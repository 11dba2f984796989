"""
Benchmark of mailings and of /join/ with the mail server up and down.

Makes a throwaway SQLite database in a temporary folder (or uses
--database-url, which it fills: give it an empty database of its own),
10,000 confirmed supporters and a real SMTP server (aiosmtpd) on a loopback
port, then runs real worker processes (`manage.py worker`):

1. a mailing to everyone, unthrottled: messages per second, worker memory;
2. the same at the default throttle (DJANGO_MAILING_PER_MINUTE) for
   --throttled-seconds, then cancelled: the rate actually reached;
3. a mailing during which the worker is killed (SIGKILL) halfway and a new
   one started: delivered, duplicates, lost;
4. /join/ (new and known addresses) timed in-process with the mail server
   up and down: no mail is sent in the request, so the times match.

    .venv/bin/python bench/mailing.py [--supporters 10000] [--joins 200]
"""

import argparse
import os
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--supporters", type=int, default=10_000)
parser.add_argument("--joins", type=int, default=200)
parser.add_argument("--throttled-seconds", type=int, default=30)
parser.add_argument("--database-url", default="")
parser.add_argument(
    "--steps", default="1234", help="which of the four parts to run (default: all)"
)
args = parser.parse_args()

workdir = Path(tempfile.mkdtemp(prefix="mailing-bench-"))
DATABASE_URL = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
os.environ.update(
    {
        "DATABASE_URL": DATABASE_URL,
        "DJANGO_SETTINGS_MODULE": "solidarity.settings",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_PAGE_CACHE": "0",
    }
)
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")

import django  # noqa: E402

django.setup()

from aiosmtpd.controller import Controller  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

import tests.smtp  # noqa: E402
from appeals.models import Delivery, Mailing, Supporter  # noqa: E402
from appeals.tasks import start  # noqa: E402
from solidarity import antispam  # noqa: E402
from solidarity.models import SendStatus  # noqa: E402
from tests.smtp import Inbox, free_port  # noqa: E402


def log(*parts):
    print(*parts, flush=True)


class CountingInbox(Inbox):
    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received.append((list(envelope.rcpt_tos), time.monotonic()))
        return "250 OK"


def rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def start_worker(smtp_port, **env):
    return tests.smtp.start_worker(
        DATABASE_URL,
        smtp_port,
        log=None,  # the bench's own output
        DJANGO_TASK_HEARTBEAT_SECONDS="2",
        **env,
    )


def new_mailing(subject):
    mailing = Mailing.objects.create(
        subject=subject, body="<p>The dockers need you. Act now.</p>"
    )
    start(mailing)
    return mailing


def remaining(mailing):
    return Delivery.objects.filter(
        mailing=mailing, status__in=[SendStatus.QUEUED, SendStatus.SENDING]
    ).count()


def wait(worker, inbox, mailing, until, peak):
    while not until():
        peak[0] = max(peak[0], rss_mb(worker.pid))
        if worker.poll() is not None:
            raise SystemExit(f"worker exited with {worker.returncode}")
        time.sleep(0.2)


def run_mailing(smtp, port, label, env, kill_at=None):
    inbox = smtp.inbox
    inbox.clear()
    mailing = new_mailing(label)
    total = Delivery.objects.filter(mailing=mailing).count()
    worker = start_worker(port, **env)
    peak = [0.0]
    began = time.monotonic()
    if kill_at:
        wait(worker, inbox, mailing, lambda: len(inbox.received) >= kill_at, peak)
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        log(f"  killed the worker after {len(inbox.received)} messages")
        worker = start_worker(port, **env)
    wait(
        worker,
        inbox,
        mailing,
        lambda: len(inbox.received) >= total and remaining(mailing) == 0,
        peak,
    )
    elapsed = time.monotonic() - began
    worker.send_signal(signal.SIGTERM)
    worker.wait(30)
    times = [at for _, at in inbox.received]
    sending = max(times) - min(times)
    counts = Counter(rcpts[0] for rcpts, _ in inbox.received)
    duplicates = sum(n - 1 for n in counts.values())
    sent = Delivery.objects.filter(mailing=mailing, status=SendStatus.SENT).count()
    return {
        "total": total,
        "received": len(inbox.received),
        "unique": len(counts),
        "duplicates": duplicates,
        "lost": total - len(counts),
        "recorded_sent": sent,
        "msgs_per_s": len(inbox.received) / sending if sending else 0,
        "elapsed_s": elapsed,
        "peak_rss_mb": peak[0],
    }


def throttled(smtp, port, seconds):
    inbox = smtp.inbox
    inbox.clear()
    mailing = new_mailing("Throttled")
    worker = start_worker(port)  # the default DJANGO_MAILING_PER_MINUTE
    while not inbox.received:
        time.sleep(0.1)
    first = time.monotonic()
    time.sleep(seconds)
    rate = len(inbox.received) / (time.monotonic() - first)
    Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.CANCELLED)
    worker.send_signal(signal.SIGTERM)  # stops after its current chunk
    worker.wait(60)
    return rate, settings.MAILING_PER_MINUTE / 60


def time_joins(n, label, smtp_port):
    """Median and p95 ms of /join/ for new and known addresses."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_port
    client = Client()
    results = {}
    for kind in ("new", "known"):
        samples = []
        for i in range(n):
            email = f"{label}-{i}@example.org" if kind == "new" else "s1@example.org"
            data = {
                "kind": "person",
                "name": "Bench",
                "email": email,
                "country": "PT",
                "consent": "on",
                "started": antispam.sign_start("join", time.time() - 30),
                "website": "",
            }
            began = time.perf_counter()
            response = client.post(
                "/join/", data, REMOTE_ADDR=f"10.{i // 250}.{i % 250}.{len(label)}"
            )
            samples.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 302, response.status_code
        samples.sort()
        results[kind] = (
            statistics.median(samples),
            samples[int(len(samples) * 0.95) - 1],
        )
    return results


def main():
    log(f"database: {DATABASE_URL}")
    call_command("migrate", verbosity=0)
    Supporter.objects.bulk_create(
        (
            Supporter(
                name=f"Supporter {n}",
                email=f"s{n}@example.org",
                country="PT",
                consent=True,
                confirmed_at=timezone.now(),
            )
            for n in range(args.supporters)
        ),
        batch_size=2000,
    )
    port = free_port()
    smtp = Controller(CountingInbox(), hostname="127.0.0.1", port=port)
    smtp.inbox = smtp.handler
    smtp.start()
    load = os.getloadavg()[0]
    unthrottled = {"DJANGO_MAILING_PER_MINUTE": "0"}
    try:
        if "1" in args.steps:
            log(f"1. unthrottled mailing to {args.supporters}")
            log("  ", run_mailing(smtp, port, "Unthrottled", unthrottled))
        if "2" in args.steps:
            log(f"2. default throttle for {args.throttled_seconds} s")
            rate, target = throttled(smtp, port, args.throttled_seconds)
            log(f"   {rate:.2f} msgs/s (setting: {target:.2f}/s)")
        if "3" in args.steps:
            log("3. worker killed halfway, restarted")
            half = args.supporters // 2
            log("  ", run_mailing(smtp, port, "Killed", unthrottled, kill_at=half))
        if "4" not in args.steps:
            return
        log(f"4. /join/ x{args.joins} per case (median / p95 ms)")
        up = time_joins(args.joins, "up", port)
        down_port = free_port()  # nothing listens there
        down = time_joins(args.joins, "down", down_port)
        for kind in ("new", "known"):
            log(
                f"   {kind:5}  SMTP up {up[kind][0]:.1f} / {up[kind][1]:.1f}"
                f"   SMTP down {down[kind][0]:.1f} / {down[kind][1]:.1f}"
            )
    finally:
        smtp.stop()
    log(f"load average {load:.1f} -> {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
