"""
Figures of the public pages as a visitor's browser sees them (issue 18):
Lighthouse's four scores (mobile) where Lighthouse can run, and always the
checks it stands for, measured here with Chromium and axe-core.

    npm ci --prefix bench/lighthouse      # once: Lighthouse 12 (Node 18+)
    .venv/bin/python bench/lighthouse.py  # builds a site, serves it, prints

It makes a throwaway SQLite database with a campaign's content
(tests/showcase.py: a featured appeal with its picture, news with pictures,
meetings in four time zones, messages from six countries, a logo), serves it
with gunicorn as production does (DEBUG off, the page cache on, gzip; the
pictures from a media route standing in for nginx), then for each page:

- Lighthouse mobile (its default: a mid-range phone on a slow 4G link,
  simulated): performance, accessibility, best practices, SEO;
- HTML bytes as sent (gzip) and unpacked: every page must stay under
  100 KB before pictures;
- axe-core violations of any impact, at 390 and 1280 px;
- tap targets under 44 × 44 CSS px at 390 px (links inside a sentence and
  labelled check boxes apart, as WCAG 2.5.5 allows);
- the page's width at 320 px (wider means sideways scrolling).

--url http://127.0.0.1:8000 measures a running site instead (its own
content: --paths lists the pages). --no-lighthouse skips Lighthouse.
Without Node or Lighthouse it says so and prints the other figures.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
HTML_LIMIT = 100 * 1024

# The pages the issue names, then the other public page kinds.
SCORED = ["home", "timeline", "article", "appeal", "meetings", "meeting", "wall",
          "message form"]  # fmt: skip

SMALL_TARGETS = (ROOT / "bench" / "lighthouse" / "small_targets.js").read_text()

AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.map(v => v.id + ' (' + v.impact + ', ' + v.nodes.length + ')');
}"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url, gzipped=False):
    headers = {"Accept-Encoding": "gzip"} if gzipped else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as r:
        return r.status, r.read(), r.headers


def build_site(folder):
    """A throwaway database with the showcase content; returns its paths."""
    env = site_env(folder)
    for command in (["migrate"], ["collectstatic"]):
        subprocess.run([PYTHON, "manage.py", *command, "--no-input", "-v", "0"],
                       cwd=ROOT, env=env, check=True)  # fmt: skip
    script = (
        "import json; from tests import showcase; "
        "site = showcase.build(); showcase.set_logo(); "
        "print(json.dumps({k: v.get_absolute_url() for k, v in site.items()}))"
    )
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-v", "0", "-c", script],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    urls = json.loads(out.strip().splitlines()[-1])
    return {
        "home": "/en/",
        "timeline": "/en/posts/",
        "article": urls["article"],
        "appeal": urls["appeal"],
        "meetings": "/en/events/",
        "meeting": urls["event"],
        "wall": "/en/messages/",
        "message form": "/en/messages/new/",
        "appeals": "/en/appeals/",
        "tag hub": "/en/tags/dockers/",
        "country hub": "/en/countries/ve/",
        "search": "/en/search/?q=dockers",
        "past meetings": "/en/events/past/",
        "join": "/en/join/",
        "donate": "/en/donate/",
        "home (Arabic)": "/ar/",
        "meetings (Spanish)": "/es/events/",
    }


def site_env(folder, port=None):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
    env.update(
        DATABASE_URL=f"sqlite:///{folder}/db.sqlite3",
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_SECRET_KEY="lighthouse-bench-not-secret",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_DEBUG="0",
        BENCH_SERVE_MEDIA="1",
    )
    if port:
        site = f"http://127.0.0.1:{port}"
        env.update(DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost", DJANGO_SITE_URL=site)
    return env


def serve(folder, port):
    process = subprocess.Popen(
        [str(Path(PYTHON).with_name("gunicorn")), "bench.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
        cwd=ROOT, env=site_env(folder, port),
        stdout=subprocess.DEVNULL, stderr=open(folder / "gunicorn.log", "w"),  # noqa: SIM115
    )  # fmt: skip
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if fetch(f"http://127.0.0.1:{port}/-/alive/")[0] == 200:
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def lighthouse_available():
    if not shutil.which("node"):
        return "Node.js is not installed"
    if not LIGHTHOUSE.exists():
        return f"{LIGHTHOUSE} is missing: run `npm ci --prefix bench/lighthouse`"
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM}"
    return ""


def lighthouse(url, runs=1):
    """The median run of `runs` by performance score (Lighthouse's advice
    on a machine whose load varies); a run that fails is tried again."""
    results, errors = [], []
    for _ in range(runs):
        for _attempt in range(2):
            result, error = lighthouse_run(url)
            if result:
                results.append(result)
                break
            errors = error
    if not results:
        return None, errors
    results.sort(key=lambda result: result["scores"]["performance"])
    return results[len(results) // 2], []


def lighthouse_run(url):
    """Lighthouse's four scores (0-100) for `url`, mobile."""
    with tempfile.TemporaryDirectory() as profile:
        flags = f"--headless=new --no-sandbox --disable-gpu --user-data-dir={profile}"
        result = subprocess.run(
            [str(LIGHTHOUSE), url, "--output=json", "--quiet",
             f"--chrome-flags={flags}", "--max-wait-for-load=30000",
             "--only-categories=performance,accessibility,best-practices,seo"],
            capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROMIUM},
            timeout=240,
        )  # fmt: skip
    if result.returncode:
        return None, result.stderr.strip().splitlines()[-1:]
    report = json.loads(result.stdout)
    scores = {
        name: round(category["score"] * 100)
        for name, category in report["categories"].items()
    }
    failed = [
        f"{ref['id']} ({category['id']})"
        for category in report["categories"].values()
        for ref in category["auditRefs"]
        if ref["weight"]
        and report["audits"][ref["id"]]["score"] is not None
        and report["audits"][ref["id"]]["score"] < 1
    ]
    metrics = report["audits"]
    timing = {
        "FCP": metrics["first-contentful-paint"]["displayValue"],
        "LCP": metrics["largest-contentful-paint"]["displayValue"],
        "CLS": metrics["cumulative-layout-shift"]["displayValue"],
    }
    return {"scores": scores, "failed": failed, "timing": timing}, []


def browser_checks(site, paths):
    """axe at 390 and 1280 px, small tap targets at 390, width at 320."""
    from playwright.sync_api import sync_playwright

    results = {name: {} for name in paths}
    axe = AXE.read_text() if AXE.exists() else None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        for width, mobile in ((320, True), (390, True), (1280, False)):
            context = browser.new_context(
                viewport={"width": width, "height": 800},
                is_mobile=mobile,
                has_touch=mobile,
            )
            page = context.new_page()
            for name, path in paths.items():
                page.goto(site + path)
                if width == 320:
                    results[name]["width320"] = page.evaluate(
                        "document.documentElement.scrollWidth"
                    )
                    continue
                if width == 390:
                    results[name]["targets"] = page.evaluate(SMALL_TARGETS)
                    results[name]["header"] = page.evaluate(
                        "document.querySelector('.site-header')"
                        ".getBoundingClientRect().height"
                    )
                if axe:
                    page.evaluate(axe)
                    found = page.evaluate(AXE_RUN)
                    results[name].setdefault("axe", []).extend(
                        f"{v} at {width}px" for v in found
                    )
            context.close()
        browser.close()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="measure this running site instead")
    parser.add_argument("--paths", help="with --url: name=/path,name=/path")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument(
        "--runs", type=int, default=1, help="Lighthouse runs a page (the median)"
    )
    args = parser.parse_args()

    folder = process = None
    if args.url:
        site = args.url.rstrip("/")
        paths = dict(
            item.split("=", 1) for item in (args.paths or "home=/en/").split(",")
        )
    else:
        folder = Path(tempfile.mkdtemp(prefix="bench-lighthouse-"))
        print(f"Building the showcase site in {folder}…", flush=True)
        paths = build_site(folder)
        port = free_port()
        process = serve(folder, port)
        site = f"http://127.0.0.1:{port}"
    try:
        for path in paths.values():  # fill the page cache, as visitors would
            try:
                fetch(site + path)
            except OSError as error:
                if folder:
                    print((folder / "gunicorn.log").read_text()[-3000:])
                raise SystemExit(f"{path}: {error}") from None
        report(site, paths, args)
    finally:
        if process:
            process.terminate()
            process.wait(10)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def report(site, paths, args):
    missing = (
        "skipped (--no-lighthouse)" if args.no_lighthouse else (lighthouse_available())
    )
    load = os.getloadavg()[0]
    print(f"\nSite {site}, load average {load:.1f}\n")
    checks = browser_checks(site, paths)
    header = "| Page | HTML (gzip) | axe | small tap targets | width at 320 |"
    if not missing:
        header += " Perf | A11y | BP | SEO | FCP / LCP / CLS |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    problems = []
    for name, path in paths.items():
        _, raw, _ = fetch(site + path)
        _, packed, headers = fetch(site + path, gzipped=True)
        sent = len(packed) if headers.get("Content-Encoding") == "gzip" else None
        check = checks[name]
        row = (
            f"| {name} | {len(raw) / 1024:.1f} KB ({sent / 1024:.1f} KB) |"
            if sent
            else f"| {name} | {len(raw) / 1024:.1f} KB (not gzipped) |"
        )
        row += f" {len(check.get('axe', [])) if AXE.exists() else 'n/a'} |"
        row += f" {len(check['targets'])} | {check['width320']} px |"
        if len(raw) > HTML_LIMIT:
            problems.append(f"{name}: {len(raw)} bytes of HTML")
        problems += [f"{name}: axe {v}" for v in check.get("axe", [])]
        problems += [f"{name}: small target {t}" for t in check["targets"]]
        if check["width320"] > 320:
            problems.append(f"{name}: {check['width320']} px wide at 320")
        if not missing and name in SCORED:
            result, error = lighthouse(site + path, args.runs)
            if result:
                s = result["scores"]
                t = result["timing"]
                row += (
                    f" {s['performance']} | {s['accessibility']} |"
                    f" {s['best-practices']} | {s['seo']} |"
                    f" {t['FCP']} / {t['LCP']} / {t['CLS']} |"
                )
                problems += [f"{name}: Lighthouse {a}" for a in result["failed"]]
            else:
                row += " error | | | | |"
                problems.append(f"{name}: Lighthouse failed: {error}")
        elif not missing:
            row += " | | | | |"
        print(row, flush=True)
    print()
    if missing:
        print(f"Lighthouse not run: {missing}.")
    print(f"Header at 390 px: {max(c['header'] for c in checks.values()):.0f} px tall.")
    if not AXE.exists():
        print(f"axe-core not found at {AXE} (npm ci): axe not run.")
    print("\n".join(problems) if problems else "Nothing to fix.")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
