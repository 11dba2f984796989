#!/usr/bin/env python3
"""
Audit the pinned requirements for known vulnerabilities.

1. pip-audit, when it can reach a vulnerability database. It asks the package
   index for each pinned release's advisories (or OSV). On this project's
   machines only the package registry's simple index is reachable, which has
   no per-release advisory data, so pip-audit reports every package as "not
   found" there: that is said plainly, not counted as clean.
2. Whatever pip-audit could do, a pin check with pip's own index: every pin
   must exist, and must be the newest release of its major.minor series,
   because fixes for known vulnerabilities ship as patch releases (Django's
   security policy; most of our dependencies follow it). A stale runtime pin
   fails; a stale test-only pin is reported.

Exit status: 0 clean, 1 a vulnerability or a stale runtime pin.
"""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "requirements.txt"
TEST = ROOT / "requirements-test.txt"
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([0-9][^\s;#]*)")


def pins(path):
    for line in path.read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            yield match.group(1), match.group(2)


def run_pip_audit():
    """True if pip-audit audited everything and found nothing; False if it
    found vulnerabilities; None if it could not audit."""
    command = [sys.executable, "-m", "pip_audit", "--progress-spinner", "off"]
    for path in (RUNTIME, TEST):
        command += ["-r", str(path)]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=600, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        print(f"pip-audit did not run: {error}")
        return None
    output = result.stdout + result.stderr
    if "No module named pip_audit" in output:
        print("pip-audit is not installed.")
        return None
    not_audited = output.count("could not be audited")
    if "ConnectionError" in output or "NameResolutionError" in output:
        print("pip-audit could not reach a vulnerability database from here.")
        return None
    if result.returncode != 0 and "Found" in output:
        print(output)
        return False
    if not_audited:
        print(
            f"pip-audit could not audit {not_audited} packages: the index "
            "reachable from here has no per-release advisory data."
        )
        return None
    print(output.strip() or "pip-audit: no known vulnerabilities.")
    return True


def available_versions(name):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "index", "versions", name],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    match = re.search(r"Available versions: (.*)", result.stdout)
    return [v.strip() for v in match.group(1).split(",")] if match else None


def series(version):
    return tuple(version.split(".")[:2])


def is_final(version):
    return re.fullmatch(r"[0-9]+(\.[0-9]+)*", version) is not None


def release_key(version):
    return tuple(int(part) for part in version.split("."))


def check_pins():
    failures = 0
    for path, strict in ((RUNTIME, True), (TEST, False)):
        for name, pinned in pins(path):
            versions = available_versions(name)
            if versions is None:
                print(f"  {name}: the index did not answer")
                failures += strict
                continue
            if pinned not in versions:
                print(f"  {name}=={pinned}: not on the index (yanked or mistyped)")
                failures += strict
                continue
            same_series = [
                v for v in versions if is_final(v) and series(v) == series(pinned)
            ]
            newest = max(same_series, key=release_key) if same_series else pinned
            if is_final(pinned) and release_key(newest) > release_key(pinned):
                label = "FAIL" if strict else "note"
                print(f"  {label} {name}=={pinned}: {newest} is out in this series")
                failures += strict
    return failures


def main():
    print("=== pip-audit")
    audited = run_pip_audit()
    print("=== pins: each is the newest patch release of its series")
    failures = check_pins()
    if audited is False or failures:
        print("Audit failed.")
        return 1
    if audited is None:
        print(
            "Pins are current; NOT checked against an advisory database "
            "(unreachable from this network)."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
