"""
Issue 11's figures, printed (never timed tests): gunicorn on 127.0.0.1 only,
every scenario bounded in time and stopping its own servers.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/sol_bench
    export REDIS_URL=redis://127.0.0.1:6379/2 DJANGO_SECRET_KEY=bench
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_content --articles 10000 --appeals 200 \\
        --events 2000 --messages 20000
    .venv/bin/python bench/figures.py hot-appeal      # or hit-path, all

    export DATABASE_URL=sqlite:////tmp/bench10k.sqlite3; unset REDIS_URL
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_content --articles 9000 --appeals 200 \
        --events 800 --messages 1000
    .venv/bin/python bench/figures.py uncached

hot-appeal  wrk -c64 on one open appeal's page for --seconds while messages
            are sent to that appeal at --rate a second through its real
            form, as a browser does: GET the page, read the form, wait out
            the form's time trap, POST it with the site's Origin, each
            message from its own loopback address (127.x.y.z as the
            client's source address: the rate limit allows 5 an hour per
            address). Then the WSGI ceiling (bench/ceiling.py: the same
            bytes, no Django) under the same gunicorn. Targets: >= 0.5 of
            the ceiling's req/s, p99 < 100 ms, 0 errors, every accepted
            message saved exactly once and nothing else saved.
hit-path    a cached page (the home page and the appeal page) against the
            ceiling serving its bytes: >= 0.8.
uncached    page cache off: the timeline's page 1 and page --deep-page and
            articles, in turn: the deep page within 1.5x of page 1.

gunicorn runs --workers sync workers (2, as the issue measured), the
production worker class. Each figure is printed with the load average: on a
shared machine other work inflates every latency, so the servers' CPU per
request is printed too (and the ratios by it), and, when nginx is
installed, nginx sending the same body, for scale.
"""

import argparse
import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import browser  # noqa: E402
from bench.load import (  # noqa: E402
    HOST,
    PORT,
    PYTHON,
    SITE,
    Server,
    django_setup,
    get,
    load_average,
    met,
    report,
    wrk,
)

CEILING_PORT = PORT + 1
# What gunicorn itself adds or what belongs to one connection; the ceiling
# answers with every other header the site sent.
NOT_REPLAYED = {"date", "server", "connection", "keep-alive", "transfer-encoding"}


def site_server(workers, page_cache=True):
    """The site as production runs it, each client's socket address as its
    address (no proxy in front, so the rate limit sees 127.x.y.z)."""
    return Server(
        workers=workers,
        page_cache=page_cache,
        env={
            "DJANGO_TRUSTED_PROXIES": "",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        },
    )


def save_page(path, directory, asking=None):
    """GET `path` from the site (with the request headers `asking`) and save
    its body and headers for the ceiling; returns (file, X-Page-Cache of a
    second GET)."""
    status, body, response = get(path, asking)
    if status != 200:
        raise SystemExit(f"{path} answered {status}")
    saved = Path(directory, f"page-{uuid.uuid4().hex[:8]}.json")
    headers = [
        (name, value)
        for name, value in response.getheaders()
        if name.lower() not in NOT_REPLAYED
    ]
    saved.write_text(json.dumps(headers))
    saved.with_suffix(".body").write_bytes(body)
    again = get(path, asking)[2].getheader("X-Page-Cache", "none")
    return saved, again


def measured(server, paths, connections, seconds, port=PORT, headers=None):
    """wrk's result plus the server's CPU per request (its workers' CPU time
    over the requests answered): what a busy machine disturbs least."""
    before = server.cpu_seconds()
    result = wrk(paths, connections, seconds, port=port, headers=headers)
    spent = server.cpu_seconds() - before
    result["cpu_ms"] = spent * 1000 / max(result["requests"], 1)
    return result


def cpu_ratio(site, top):
    """The ceiling's CPU per request over the site's: the req/s ratio that
    two servers each bound by its own CPU would show, whatever else runs."""
    return top["cpu_ms"] / site["cpu_ms"] if site["cpu_ms"] else float("nan")


def ceiling(saved, workers, connections, seconds, headers=None):
    server = Server(
        workers=workers,
        app="bench.ceiling:application",
        port=CEILING_PORT,
        env={"BENCH_CEILING_PAGE": str(saved)},
    )
    try:
        wrk(["/"], 4, 2, port=CEILING_PORT)
        return measured(
            server, ["/"], connections, seconds, port=CEILING_PORT, headers=headers
        )
    finally:
        server.stop()


NGINX_CONF = """
user root;
worker_processes %(workers)d;
daemon off;
pid nginx.pid;
error_log stderr error;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path tmp;
  proxy_temp_path tmp;
  fastcgi_temp_path tmp;
  uwsgi_temp_path tmp;
  scgi_temp_path tmp;
  server {
    listen 127.0.0.1:%(port)d;
    location / { root %(root)s; try_files /%(body)s =404; default_type text/html; }
  }
}
"""


def nginx(saved, workers, connections, seconds):
    """For scale only: nginx (as many worker processes) sending the body as
    a static file; None when nginx is not installed."""
    if not shutil.which("nginx"):
        return None
    prefix = Path(saved.parent, "nginx")
    Path(prefix, "tmp").mkdir(parents=True, exist_ok=True)
    conf = NGINX_CONF % {
        "workers": workers,
        "port": CEILING_PORT,
        "root": saved.parent,
        "body": saved.with_suffix(".body").name,
    }
    Path(prefix, "nginx.conf").write_text(conf)
    process = subprocess.Popen(
        ["nginx", "-p", str(prefix), "-c", "nginx.conf"], stderr=subprocess.DEVNULL
    )
    try:
        time.sleep(0.5)
        wrk(["/"], 4, 2, port=CEILING_PORT)
        return wrk(["/"], connections, seconds, port=CEILING_PORT)
    finally:
        process.terminate()
        process.wait(10)


class Submitters:
    """Messages sent to one appeal at `rate` a second for `seconds`, each in
    its own thread and from its own loopback address."""

    def __init__(self, page, rate, seconds):
        self.page, self.rate, self.seconds = page, rate, seconds
        self.marker = uuid.uuid4().hex[:8]
        # A second octet of its own per run, so a rerun within the hour
        # meets no rate limit left by the last one.
        self.octet = random.randrange(1, 255)
        self.outcomes = Counter()
        self.accepted, self.rejected = [], []
        self.latencies = []
        self.lock = threading.Lock()

    def address(self, n):
        return f"127.{self.octet}.{n // 250}.{n % 250 + 1}"

    def request(self, address, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(
            HOST, PORT, timeout=10, source_address=(address, 0)
        )
        try:
            started = time.perf_counter()
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            content = response.read()
            with self.lock:
                self.latencies.append((time.perf_counter() - started) * 1000)
            return response, content
        finally:
            connection.close()

    def submit(self, n):
        address, text = self.address(n), f"Hot appeal {self.marker} {n} solidarity"
        try:
            page, html = self.request(address, "GET", self.page)
            rendered = time.monotonic()
            form = browser.filled_form(
                html,
                "/en/messages/new/",
                {
                    "author_name": f"Hot appeal {n}",
                    "country": "PT",
                    "email": f"hot{n}@example.org",
                    "text": text,
                    "consent": "on",
                },
            )
            if page.status != 200 or form is None:
                self.outcome(f"GET {page.status}, form found: {bool(form)}", text)
                return
            headers = browser.post_headers(SITE, self.page, page)
            time.sleep(max(0, rendered + browser.TIME_TRAP - time.monotonic()))
            answer, _ = self.request(
                address, "POST", "/en/messages/new/", urlencode(form), headers
            )
            location = answer.getheader("Location", "")
            if answer.status == 302 and location.startswith("/en/messages/thanks/"):
                self.outcome("accepted (302 to thanks)", text, accepted=True)
            else:
                self.outcome(f"POST {answer.status} {location}".strip(), text)
        except (OSError, ValueError) as error:  # refused, timed out, not HTML
            self.outcome(type(error).__name__, text)

    def outcome(self, what, text, accepted=False):
        with self.lock:
            self.outcomes[what] += 1
            (self.accepted if accepted else self.rejected).append(text)

    def run(self):
        threads, start = [], time.monotonic()
        n = 0
        while time.monotonic() - start < self.seconds:
            thread = threading.Thread(target=self.submit, args=(n,))
            thread.start()
            threads.append(thread)
            n += 1
            time.sleep(max(0, start + n / self.rate - time.monotonic()))
        for thread in threads:
            thread.join()

    def saved(self):
        """Rows per text: each accepted message once, nothing else."""
        django_setup()
        from django.db import close_old_connections

        from appeals.models import SolidarityMessage

        close_old_connections()
        rows = Counter(
            SolidarityMessage.objects.filter(
                text__startswith=f"Hot appeal {self.marker} "
            ).values_list("text", flat=True)
        )
        once = sum(1 for text in self.accepted if rows[text] == 1)
        wrong = [text for text in rows if rows[text] != 1 or text not in self.accepted]
        return once, wrong, sum(rows.values())


def open_appeal():
    django_setup()
    from appeals.models import Appeal

    appeal = Appeal.objects.published().open().order_by("-published_at").first()
    if appeal is None:
        raise SystemExit("No open appeal: generate content first.")
    return appeal.get_absolute_url()


def probe(path, seconds, seen):
    """What the page cache answers meanwhile (X-Page-Cache), twice a second."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            seen[get(path)[2].getheader("X-Page-Cache", "none")] += 1
        except OSError as error:
            seen[type(error).__name__] += 1
        time.sleep(0.5)


def hot_appeal(args, directory):
    path = open_appeal()
    seen = Counter()
    server = site_server(args.workers)
    try:
        wrk([path], 4, 3, headers=args.headers)
        saved, cache = save_page(path, directory, args.headers)
        submitters = Submitters(path, args.rate, args.seconds)
        sending = threading.Thread(target=submitters.run)
        probing = threading.Thread(target=probe, args=(path, args.seconds, seen))
        sending.start()
        probing.start()
        result = measured(
            server, [path], args.connections, args.seconds, headers=args.headers
        )
        sending.join()
        probing.join()
    finally:
        server.stop()
    top = ceiling(saved, args.workers, args.connections, args.seconds, args.headers)
    once, wrong, rows = submitters.saved()
    accepted = len(submitters.accepted)
    ratio = result["rps"] / top["rps"]
    errors = result["non2xx"] + result["socket_errors"]
    report(f"hot appeal {path} (X-Page-Cache: {cache})", result)
    print(f"X-Page-Cache of probes during the load: {dict(seen)}")
    report("WSGI ceiling, same bytes", top)
    print(
        f"submissions: {sum(submitters.outcomes.values())} at {args.rate}/s, "
        f"{dict(submitters.outcomes)}; form round trips median "
        f"{statistics.median(submitters.latencies or [0]):.0f} ms; "
        f"rows: {rows}, accepted and saved exactly once {once}/{accepted}, "
        f"rows not matching an acceptance or duplicated {len(wrong)}",
        flush=True,
    )
    ok = (
        ratio >= 0.5
        and result["p99"] < 100
        and errors == 0
        and accepted > 0
        and once == accepted
        and not wrong
    )
    print(
        f"hot appeal: {ratio:.2f} of the ceiling (target >= 0.5), p99 "
        f"{result['p99']:.1f} ms (< 100), errors {errors} (0), every accepted "
        f"message saved once: {once == accepted and not wrong}: {met(ok)}; "
        f"by server CPU a request {cpu_ratio(result, top):.2f}\n",
        flush=True,
    )


def hit_path(args, directory):
    paths = ["/en/", open_appeal()]
    server = site_server(args.workers)
    results = []
    try:
        for path in paths:
            wrk([path], 4, 2, headers=args.headers)
            saved, cache = save_page(path, directory, args.headers)
            result = measured(
                server, [path], args.connections, args.seconds, headers=args.headers
            )
            results.append((path, cache, saved, result))
    finally:
        server.stop()
    for path, cache, saved, result in results:
        top = ceiling(saved, args.workers, args.connections, args.seconds, args.headers)
        ratio = result["rps"] / top["rps"]
        report(f"hit path {path} (X-Page-Cache: {cache})", result)
        report("WSGI ceiling, same bytes", top)
        static = nginx(saved, args.workers, args.connections, args.seconds)
        if static:
            report("for scale: nginx, same body as a static file", static)
        print(
            f"hit path {path}: {ratio:.2f} of the ceiling (target >= 0.8): "
            f"{met(ratio >= 0.8)}; by server CPU a request "
            f"{cpu_ratio(result, top):.2f}\n",
            flush=True,
        )


def django_cpu(paths, requests=40):
    """Median CPU time of this process per request through Django's whole
    stack (test client, page cache off): what other load on the machine
    disturbs least."""
    from django.test import Client

    client, times = Client(), []
    for n in range(requests + 5):
        started = time.process_time()
        assert client.get(paths[n % len(paths)]).status_code == 200
        if n >= 5:  # the first ones warm the count caches
            times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def uncached(args):
    django_setup()
    from posts.models import Article, Post

    count = Post.objects.published().count()
    deep = f"/en/posts/?page={args.deep_page}"
    if count < args.deep_page * 20:
        raise SystemExit(f"{count} published posts: page {args.deep_page} is empty.")
    articles = [
        article.get_absolute_url()
        for article in Article.objects.published().only("slug")[:200]
    ]
    pages = {"timeline page 1": ["/en/posts/"], deep: [deep], "articles": articles}
    server = site_server(args.workers, page_cache=False)
    rounds = {name: [] for name in pages}
    try:
        for paths in pages.values():
            wrk(paths, 2, 2)  # warm-up: connections, the counts' cache
        for _ in range(args.rounds):  # in turn, so drift hits all alike
            for name, paths in pages.items():
                rounds[name].append(wrk(paths, 4, args.seconds // args.rounds))
    finally:
        server.stop()
    from django.db import connection

    print(f"{connection.vendor}, {count:,} published posts, page cache off")
    rates = {}
    for name, results in rounds.items():
        rates[name] = statistics.mean(r["rps"] for r in results)
        best = max(results, key=lambda r: r["rps"])
        cpu = django_cpu(pages[name])
        report(
            f"uncached {name} (mean {rates[name]:.0f} req/s; "
            f"Django CPU {cpu:.1f} ms a request)",
            best,
        )
    ratio = rates["timeline page 1"] / rates[deep]
    print(
        f"uncached: page {args.deep_page} costs {ratio:.2f}x page 1 "
        f"(target <= 1.5): {met(ratio <= 1.5)}\n",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "scenario", choices=["hot-appeal", "hit-path", "uncached", "all"]
    )
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--rate", type=float, default=2.0, help="messages a second")
    parser.add_argument("--deep-page", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--gzip",
        action="store_true",
        help="wrk asks as browsers do (Accept-Encoding: gzip, deflate, br)",
    )
    args = parser.parse_args()
    args.headers = {"Accept-Encoding": "gzip, deflate, br"} if args.gzip else None
    # This process's own requests (django_cpu); each server sets its own.
    os.environ.update(
        DJANGO_PAGE_CACHE="0",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
    )
    production = os.environ.get("DATABASE_URL", "").startswith("postgres") and (
        os.environ.get("REDIS_URL")
    )
    if args.scenario in ("hot-appeal", "hit-path", "all") and not production:
        raise SystemExit("hot-appeal and hit-path need PostgreSQL and Redis.")
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        check=True,
    )
    print(f"load average {load_average()}", flush=True)
    with tempfile.TemporaryDirectory() as directory:
        if args.scenario in ("hot-appeal", "all"):
            hot_appeal(args, directory)
        if args.scenario in ("hit-path", "all"):
            hit_path(args, directory)
        if args.scenario in ("uncached", "all"):
            uncached(args)


if __name__ == "__main__":
    main()
