"""
Load and fault scripts against gunicorn on 127.0.0.1 (never anything else).
Every scenario is bounded in time and stops its own servers.

    # a PostgreSQL cluster of its own, so F1 restarts nobody else's:
    pg_createcluster 15 bench --port 5433 --start -- \\
        --auth-local=trust --auth-host=trust
    createdb -h 127.0.0.1 -p 5433 -U postgres sol_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5433/sol_bench
    export REDIS_URL=redis://127.0.0.1:6379/7 DJANGO_SECRET_KEY=bench
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py generate_content --articles 10000 --appeals 200 \\
        --events 2000 --messages 20000
    .venv/bin/python bench/load.py all --pg-cluster "15 bench"   # or l1, l2, ...

L1  uncached timeline + detail pages (page cache off), wrk at 16 and 64
    connections: non-2xx count, p99 (target < 50 ms at 16).
L2  cached pages: requests/s of a cached page vs a bare Django view
    (target >= 0.6) and vs the same HTML as a WhiteNoise static file (>= 0.8).
L3  mixed traffic: readers plus message submissions (the form read and
    posted as a browser does, bench/browser.py, after the time trap):
    no 5xx; every confirmed (302) submission exactly one row, no other rows.
F1  L3 with `pg_ctlcluster <cluster> restart` in the middle: only 503s in
    the outage, time from the database back to the first 200, no lost or
    phantom submissions.
F2  L1 with one gunicorn worker SIGKILLed: the master replaces it; errors
    <= the requests it had in flight.
S1  soak at half of L1's rate: worker memory and database connections at the
    start and the end.
V1  slow clients (issue 16): 16 connections each sending one header line
    every 5 s, first straight at gunicorn, then through the shipped nginx
    configuration (solidarity/deploy/nginx.conf, Debian's nginx, a
    throwaway certificate): how many /-/alive/ checks (one every 0.25 s,
    2 s timeout) answer, and their p99. Target: all answer through nginx.
V2  a query-string flood against a full cache (issue 16): a Redis of its own
    at `maxmemory` 8 MB with `allkeys-lru` (the README's recommendation),
    wrk asking for a distinct query string on every request (declared
    parameters such as ?author= and ?q=, which are stored, and junk ones
    such as ?utm_source=, which are not), while L3's readers and
    submitters run. Target: 0 × 5xx, every confirmed message saved once.
"""

import argparse
import http.client
import os
import re
import signal
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

HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "8077"))
PYTHON = sys.executable
SITE = f"http://{HOST}:{PORT}"


def django_setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "solidarity.settings")
    import django

    django.setup()


class Server:
    """gunicorn serving `app` (the site, from bench.wsgi) on 127.0.0.1:`port`;
    `env` adds to or overrides its environment."""

    def __init__(
        self,
        workers=2,
        page_cache=True,
        static_dir=None,
        app="bench.wsgi:application",
        port=PORT,
        env=None,
    ):
        self.workers, self.port = workers, port
        env = {
            **os.environ,
            "DJANGO_PAGE_CACHE": "1" if page_cache else "0",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
            # wrk is one client asking for uncached lists on purpose; the
            # throttle scenario turns it on.
            "DJANGO_EXPENSIVE_PER_MINUTE": "0",
            # Submitters send X-Forwarded-For so each is its own client for
            # the rate limits, as behind a proxy.
            "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
            "BENCH_STATIC_DIR": static_dir or "",
            # Its own address, which the public forms' Origin check expects.
            "DJANGO_SITE_URL": f"http://{HOST}:{port}",
            **(env or {}),
        }
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).with_name("gunicorn")),
                app,
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                str(workers),
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(tempfile.gettempdir() + "/bench-gunicorn.log", "a"),  # noqa: SIM115
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if get("/-/alive/", port=port)[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not start")

    def worker_pids(self):
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return [int(pid) for pid in out.split()]

    def cpu_seconds(self):
        """User + system CPU the workers have used so far."""
        total = 0
        for pid in self.worker_pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
            except (OSError, IndexError, ValueError):
                pass
        return total / os.sysconf("SC_CLK_TCK")

    def rss_mb(self):
        total = 0
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
            except (OSError, AttributeError):
                pass
        return total / 1024

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def get(path, headers=None, timeout=10, port=PORT):
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), response
    finally:
        connection.close()


# wrk ---------------------------------------------------------------------

LUA = """
paths = {%s}
headers = {%s}
i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], headers)
end
"""


def wrk(paths, connections, seconds, port=PORT, headers=None):
    """Run wrk over `paths` in turn (with `headers`, a dict); returns rps,
    p50/p99 ms, non-2xx, errors."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            LUA
            % (
                ", ".join(f'"{p}"' for p in paths),
                ", ".join(f'["{k}"] = "{v}"' for k, v in (headers or {}).items()),
            )
        )
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            script.name,
            f"http://{HOST}:{port}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout
    os.unlink(script.name)

    def latency(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)", out, re.M)
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(map(int, errors.groups())) if errors else 0,
    }


def reader_paths():
    django_setup()
    from appeals.models import Appeal
    from posts.models import Article, Event

    paths = ["/en/", "/en/posts/", "/en/appeals/", "/en/events/", "/en/messages/"]
    paths += [f"/en/posts/?page={n}" for n in range(2, 60)]
    for model, count in ((Article, 300), (Appeal, 50), (Event, 100)):
        for post in model.objects.published().only("slug")[:count]:
            paths.append(post.get_absolute_url())
    return paths


def met(ok):
    return "MET" if ok else "NOT MET"


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def report(name, result, extra=""):
    print(
        f"{name}: {result['rps']:.0f} req/s, p50 {result['p50']:.1f} ms, "
        f"p99 {result['p99']:.1f} ms, non-2xx {result['non2xx']}, "
        f"socket errors {result['socket_errors']} ({result['requests']} requests)"
        + (
            f", server CPU {result['cpu_ms']:.2f} ms a request"
            if "cpu_ms" in result
            else ""
        )
        + f"{extra}  [load {load_average()}]",
        flush=True,
    )


def l1(args, paths):
    server = Server(workers=args.workers, page_cache=False)
    results = {}
    try:
        wrk(paths, 4, 5)  # warm-up: connections, count caches
        for connections in (16, 64):
            result = wrk(paths, connections, args.seconds)
            results[connections] = result
            verdict = ""
            if connections == 16:
                ok = result["p99"] < 50 and result["non2xx"] == 0
                verdict = "  target p99<50ms, 0 non-2xx: " + (
                    "MET" if ok else "NOT MET"
                )
            report(f"L1 uncached, {connections} connections", result, verdict)
    finally:
        server.stop()
    return results


def l2(args, paths):
    static_dir = tempfile.mkdtemp()
    server = Server(workers=args.workers, page_cache=True, static_dir=static_dir)
    try:
        status, html, _ = get("/en/")
        server.stop()
        Path(static_dir, "bench-home.html").write_bytes(html)
        server = Server(workers=args.workers, page_cache=True, static_dir=static_dir)
        wrk(["/en/"], 4, 3)
        cached = wrk(["/en/"], 16, args.seconds)
        bare = wrk(["/-/bench/bare/"], 16, args.seconds)
        static = wrk(["/bench-home.html"], 16, args.seconds)
        report("L2 cached home page", cached)
        report("L2 bare Django view", bare)
        report("L2 same HTML, WhiteNoise static file", static)
        vs_bare = cached["rps"] / bare["rps"]
        vs_static = cached["rps"] / static["rps"]
        print(
            f"L2 ratios: cached/bare {vs_bare:.2f} (target >= 0.6: "
            f"{'MET' if vs_bare >= 0.6 else 'NOT MET'}), cached/static "
            f"{vs_static:.2f} (target >= 0.8: {met(vs_static >= 0.8)})",
            flush=True,
        )
    finally:
        server.stop()


# Mixed traffic with submissions -------------------------------------------


class Mixed:
    """Readers and submitters in threads, for a fixed time."""

    def __init__(self, paths, seconds, readers=8, submitters=4):
        self.paths, self.seconds = paths, seconds
        self.readers, self.submitters = readers, submitters
        self.statuses = Counter()
        self.timeline = []  # (time, status) of reader requests
        self.confirmed, self.failed = [], []
        self.lock = threading.Lock()
        self.marker = uuid.uuid4().hex[:8]
        self.health = []  # (time, status) of /-/health/

    def record(self, status):
        with self.lock:
            self.statuses[status] += 1
            self.timeline.append((time.time(), status))

    def reader(self, n):
        i = n
        end = time.time() + self.seconds
        while time.time() < end:
            i += 1
            try:
                status = get(self.paths[i % len(self.paths)], timeout=10)[0]
            except OSError:
                status = "error"
            self.record(status)

    def submitter(self, n):
        end = time.time() + self.seconds
        k = 0
        while time.time() < end:
            k += 1
            text = f"Bench {self.marker} {n}-{k} solidarity"
            forwarded = {"X-Forwarded-For": f"10.{n}.{k // 250}.{k % 250}"}
            try:
                status, body, response = get("/en/messages/new/", forwarded)
                self.record(status)
                if status != 200:
                    time.sleep(0.5)
                    continue
                data = browser.filled_form(
                    body,
                    "/en/messages/new/",
                    {
                        "author_name": f"Bench {n}",
                        "country": "PT",
                        "email": "bench@example.org",
                        "text": text,
                        "consent": "on",
                        "show_name": "on",
                    },
                )
                if data is None:
                    raise ValueError("no message form on /messages/new/")
                time.sleep(browser.TIME_TRAP)
                connection = http.client.HTTPConnection(HOST, PORT, timeout=10)
                connection.request(
                    "POST",
                    "/en/messages/new/",
                    body=urlencode(data),
                    headers={
                        **browser.post_headers(SITE, "/en/messages/new/", response),
                        **forwarded,
                    },
                )
                answer = connection.getresponse()
                answer.read()
                connection.close()
                self.record(answer.status)
                with self.lock:
                    if answer.status == 302:
                        self.confirmed.append(text)
                    else:
                        self.failed.append((text, answer.status))
            except (OSError, ValueError) as error:
                self.record("error")
                with self.lock:
                    self.failed.append((text, type(error).__name__))

    def probe(self):
        """/-/health/ every 100 ms: the database as the site sees it."""
        end = time.time() + self.seconds
        while time.time() < end:
            try:
                status = get("/-/health/", timeout=5)[0]
            except OSError:
                status = "error"
            with self.lock:
                self.health.append((time.time(), status))
            time.sleep(0.1)

    def run(self):
        threads = (
            [threading.Thread(target=self.probe)]
            + [
                threading.Thread(target=self.reader, args=(n,))
                for n in range(self.readers)
            ]
            + [
                threading.Thread(target=self.submitter, args=(n,))
                for n in range(self.submitters)
            ]
        )
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def check_rows(self):
        django_setup()
        from django.db import close_old_connections

        from appeals.models import SolidarityMessage

        close_old_connections()
        rows = Counter(
            SolidarityMessage.objects.filter(
                text__startswith=f"Bench {self.marker} "
            ).values_list("text", flat=True)
        )
        confirmed = Counter(self.confirmed)
        lost = [t for t in confirmed if rows[t] != 1]
        phantom = [t for t in rows if t not in confirmed]
        duplicated = [t for t, c in rows.items() if c > 1]
        return lost, phantom, duplicated


def l3(args, paths, restart_at=None):
    server = Server(workers=args.workers, page_cache=True)
    mixed = Mixed(paths, args.seconds)
    restarted = {}

    def restart():
        time.sleep(restart_at)
        restarted["down"] = time.time()
        subprocess.run(
            ["pg_ctlcluster", *args.pg_cluster.split(), "restart"], check=True
        )
        restarted["up"] = time.time()

    try:
        if restart_at is not None:
            threading.Thread(target=restart).start()
        mixed.run()
    finally:
        server.stop()
    lost, phantom, duplicated = mixed.check_rows()
    name = "F1 (PostgreSQL restarted)" if restart_at is not None else "L3 mixed"
    fives = {s: c for s, c in mixed.statuses.items() if isinstance(s, int) and s >= 500}
    print(
        f"{name}: {sum(mixed.statuses.values())} requests, statuses "
        f"{dict(mixed.statuses)}; submissions confirmed {len(mixed.confirmed)}, "
        f"failed {len(mixed.failed)}; lost {len(lost)}, phantom {len(phantom)}, "
        f"duplicated {len(duplicated)}  [load {load_average()}]",
        flush=True,
    )
    if restart_at is None:
        ok = not fives and not lost and not phantom and not duplicated
        print(f"L3 target (0 5xx, exactly one row per confirmation): {met(ok)}")
        return
    down, up = restarted["down"], restarted["up"]
    during = Counter(s for t, s in mixed.timeline if down <= t <= up + 0.5)
    # Recovery: the first healthy answer (database reached) after the
    # cluster is back; cached pages answer 200 throughout, so they can't tell.
    after = sorted(t for t, s in mixed.health if t > up and s == 200)
    recovery = (after[0] - up) if after else float("inf")
    health_during = Counter(s for t, s in mixed.health if down <= t <= up)
    other_errors = {s: c for s, c in mixed.statuses.items() if s not in (200, 302, 503)}
    print(
        f"F1: outage {up - down:.1f} s, statuses during it {dict(during)} "
        f"(/-/health/ {dict(health_during)}), healthy again {recovery:.2f} s "
        f"after the database was back; "
        f"statuses other than 200/302/503 overall: {other_errors}",
        flush=True,
    )
    ok = recovery <= 5 and not other_errors and not lost and not phantom
    print(f"F1 target (only 503s, recovery <= 5 s, nothing lost): {met(ok)}")


def f2(args, paths):
    server = Server(workers=args.workers, page_cache=False)
    try:
        before = server.worker_pids()
        killer = threading.Timer(
            args.seconds / 3, lambda: os.kill(before[0], signal.SIGKILL)
        )
        killer.start()
        result = wrk(paths, 16, args.seconds)
        after = server.worker_pids()
        replaced = len(after) == len(before) and before[0] not in after
        errors = result["non2xx"] + result["socket_errors"]
        report("F2 worker SIGKILLed during L1", result)
        print(
            f"F2: workers before {before}, after {after}; replaced: {replaced}; "
            f"errors {errors} (in flight at the kill: at most 1 per sync worker); "
            f"target: {'MET' if replaced and errors <= 1 else 'NOT MET'}",
            flush=True,
        )
    finally:
        server.stop()


class SlowClients:
    """`count` connections that each send a request's first line and then
    one header line every `interval` seconds, never finishing it."""

    def __init__(self, port, count=16, interval=5.0, tls=False):
        self.stop_event = threading.Event()
        self.threads = [
            threading.Thread(target=self.trickle, args=(port, interval, tls))
            for _ in range(count)
        ]
        for thread in self.threads:
            thread.start()

    def trickle(self, port, interval, tls):
        import socket
        import ssl

        try:
            connection = socket.create_connection((HOST, port), timeout=30)
            if tls:
                context = ssl.create_default_context()
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE  # the bench's own certificate
                connection = context.wrap_socket(connection)
            connection.sendall(
                b"GET /posts/ HTTP/1.1\r\nHost: campaign.example.org\r\n"
            )
            n = 0
            while not self.stop_event.wait(interval):
                n += 1
                connection.sendall(f"X-Slow-{n}: 1\r\n".encode())
        except OSError:
            return  # dropped by the server: what nginx does after 10 s

    def stop(self):
        self.stop_event.set()
        for thread in self.threads:
            thread.join(10)


def alive_checks(seconds, fetch):
    """/-/alive/ every 0.25 s for `seconds`: (answered, total, p99 ms)."""
    times, total = [], 0
    deadline = time.time() + seconds
    while time.time() < deadline:
        total += 1
        started = time.perf_counter()
        try:
            if fetch() == 200:
                times.append((time.perf_counter() - started) * 1000)
        except OSError:
            pass
        time.sleep(0.25)
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))] if times else None
    return len(times), total, p99


def v1(args):
    django_setup()  # the nginx test's helpers import the project
    from tests.deploy.test_nginx import HOST as SITE
    from tests.deploy.test_nginx import main_config, site_config
    from tests.services import free_port

    seconds = min(args.seconds, 30)
    hosts = {"DJANGO_ALLOWED_HOSTS": f"{HOST},localhost,{SITE}"}
    server = Server(workers=2, env=hosts)
    try:
        slow = SlowClients(PORT)
        time.sleep(1)
        direct = alive_checks(seconds, lambda: get("/-/alive/", timeout=2)[0])
        slow.stop()
    finally:
        server.stop()
    print(
        f"V1 without nginx: {direct[0]}/{direct[1]} /-/alive/ answered, "
        f"p99 {direct[2] and round(direct[2])} ms",
        flush=True,
    )

    folder = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    ports = {"http": free_port(), "https": free_port(), "app": PORT}
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
         "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
         "-subj", f"/CN={SITE}", "-keyout", folder / "key.pem",
         "-out", folder / "cert.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    (folder / "site.conf").write_text(
        site_config(
            ROOT / "staticfiles",
            ROOT / "media",
            ports,
            folder / "cert.pem",
            folder / "key.pem",
        )
    )
    (folder / "nginx.conf").write_text(main_config(folder, folder / "site.conf"))
    server = Server(workers=2, env=hosts)
    nginx = subprocess.Popen(
        ["nginx", "-p", str(folder), "-c", str(folder / "nginx.conf"),
         "-e", str(folder / "error.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        time.sleep(1)
        import ssl

        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE

        def through_nginx():
            connection = http.client.HTTPSConnection(
                HOST, ports["https"], timeout=2, context=context
            )
            try:
                connection.request("GET", "/-/alive/", headers={"Host": SITE})
                return connection.getresponse().status
            finally:
                connection.close()

        slow = SlowClients(ports["https"], tls=True)
        time.sleep(1)
        proxied = alive_checks(seconds, through_nginx)
        slow.stop()
    finally:
        nginx.terminate()
        nginx.wait(10)
        server.stop()
    print(
        f"V1 through nginx: {proxied[0]}/{proxied[1]} /-/alive/ answered, "
        f"p99 {proxied[2] and round(proxied[2])} ms; target (all answered): "
        f"{'MET' if proxied[1] and proxied[0] == proxied[1] else 'NOT MET'}",
        flush=True,
    )


FLOOD_LUA = """
i = 0
prefixes = {"/en/posts/?author=", "/en/search/?q=", "/en/?utm_source=",
            "/en/events/?city=", "/sitemap.xml?x="}
request = function()
  i = i + 1
  local n = i .. "-" .. math.random(1000000000)
  return wrk.format("GET", prefixes[i % #prefixes + 1] .. n)
end
"""


def redis_info(port):
    out = subprocess.run(
        ["redis-cli", "-p", str(port), "info"], capture_output=True, text=True
    ).stdout
    fields = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    return fields.get("used_memory_human", "?"), fields.get("evicted_keys", "?")


def v2(args, paths):
    from tests.services import free_port

    seconds = min(args.seconds, 60)
    redis_port = free_port()
    redis = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(redis_port),
            "--bind",
            HOST,
            "--maxmemory",
            "8mb",
            "--maxmemory-policy",
            "allkeys-lru",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    server = Server(
        workers=args.workers,
        env={"REDIS_URL": f"redis://{HOST}:{redis_port}/0"},
    )
    mixed = Mixed(paths, seconds)
    flood = {}

    def run_flood():
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(FLOOD_LUA)
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                "-c16",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                f"http://{HOST}:{PORT}",
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
        ).stdout
        os.unlink(script.name)
        flood["requests"] = int(re.search(r"(\d+) requests in", out).group(1))
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        flood["non2xx"] = int(non2xx.group(1)) if non2xx else 0

    try:
        thread = threading.Thread(target=run_flood)
        thread.start()
        mixed.run()
        thread.join()
        memory, evicted = redis_info(redis_port)
        # Whatever wrk got that was not 2xx/3xx, sorted by status.
        statuses = Counter()
        for path in ("/en/posts/?author=x1", "/en/search/?q=x2", "/sitemap.xml?x=3"):
            statuses[get(path)[0]] += 1
    finally:
        server.stop()
        redis.terminate()
        redis.wait(10)
    lost, phantom, duplicated = mixed.check_rows()
    fives = {s: c for s, c in mixed.statuses.items() if isinstance(s, int) and s >= 500}
    print(
        f"V2 flood: {flood.get('requests')} distinct query strings, non-2xx/3xx "
        f"{flood.get('non2xx')}; Redis used {memory}, {evicted} keys evicted; "
        f"readers and submitters: statuses {dict(mixed.statuses)}, confirmed "
        f"{len(mixed.confirmed)}, lost {len(lost)}, phantom {len(phantom)}, "
        f"duplicated {len(duplicated)}; after the flood {dict(statuses)}  "
        f"[load {load_average()}]",
        flush=True,
    )
    ok = (
        not fives
        and not flood.get("non2xx")
        and not lost
        and not phantom
        and not duplicated
    )
    print(f"V2 target (0 5xx under a full cache, nothing lost): {met(ok)}")


def database_connections():
    django_setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        )
        return cursor.fetchone()[0] - 1


def s1(args, paths, rate):
    server = Server(workers=args.workers, page_cache=False)
    interval = 1 / rate
    samples = []
    statuses = Counter()
    end = time.time() + args.soak_seconds
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            samples.append((time.time(), server.rss_mb(), database_connections()))
            stop.wait(10)

    def paced(offset, threads):
        i = offset
        next_at = time.time()
        while time.time() < end:
            i += threads
            try:
                statuses[get(paths[i % len(paths)])[0]] += 1
            except OSError:
                statuses["error"] += 1
            next_at += interval * threads
            time.sleep(max(0, next_at - time.time()))

    try:
        sampler = threading.Thread(target=sample)
        sampler.start()
        threads = [threading.Thread(target=paced, args=(n, 8)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stop.set()
        sampler.join()
    finally:
        server.stop()
    first, last = samples[1] if len(samples) > 1 else samples[0], samples[-1]
    mems = [s[1] for s in samples[1:]] or [first[1]]
    print(
        f"S1 soak {args.soak_seconds} s at {rate:.0f} req/s target: statuses "
        f"{dict(statuses)}; worker RSS {first[1]:.0f} -> {last[1]:.0f} MB "
        f"(max {max(mems):.0f}); DB connections {first[2]} -> {last[2]} "
        f"(max {max(s[2] for s in samples)})  [load {load_average()}]",
        flush=True,
    )
    grew = last[1] > first[1] * 1.2 or last[2] > first[2] + 1
    print(f"S1 target (memory and connections flat): {'NOT MET' if grew else 'MET'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "scenario",
        choices=["l1", "l2", "l3", "f1", "f2", "s1", "v1", "v2", "all"],
    )
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--soak-seconds", type=int, default=600)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--pg-cluster", default="15 bench", help='e.g. "15 bench"')
    parser.add_argument("--soak-rate", type=float, help="req/s (default: L1's / 2)")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to the benchmark's PostgreSQL database.")
    # Production serves collected, hashed static files.
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        check=True,
    )
    scenario = args.scenario
    if scenario == "v1":  # needs no content
        v1(args)
        return
    paths = reader_paths()
    print(f"{len(paths)} paths; load average {load_average()}", flush=True)
    l1_results = None
    if scenario in ("l1", "all"):
        l1_results = l1(args, paths)
    if scenario in ("l2", "all"):
        l2(args, paths)
    if scenario in ("l3", "all"):
        l3(args, paths)
    if scenario in ("f1", "all"):
        l3(args, paths, restart_at=args.seconds / 3)
    if scenario in ("f2", "all"):
        f2(args, paths)
    if scenario in ("v1", "all"):
        v1(args)
    if scenario in ("v2", "all"):
        v2(args, paths)
    if scenario in ("s1", "all"):
        rate = args.soak_rate or (l1_results[16]["rps"] / 2 if l1_results else 50)
        s1(args, paths, rate)


if __name__ == "__main__":
    main()
