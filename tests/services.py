"""
Real servers for the tests that need them (an S3 server, nginx, gunicorn),
each started as its own process on a loopback port.

A server program that is not installed skips its tests on a developer's
machine, with the package to install, and fails them in CI (CI=true), where
.ci/run installs it: a missing install step must not pass as green.
"""

import os
import shutil
import socket
import subprocess
import time

import pytest


def require_program(name, package, paths=()):
    found = shutil.which(name) or next(
        (path for path in paths if os.access(path, os.X_OK)), None
    )
    if found:
        return found
    reason = f"`{name}` is not installed (apt-get install {package})"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: .ci/run must install it.")
    pytest.skip(reason)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(ready, process, what, log, timeout=30):
    """Poll `ready()` until it is true; fail with the server's own output if
    it exits or does not come up in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited ({process.returncode}):\n{log.read_text()}")
        if ready():
            return
        time.sleep(0.05)
    stop(process)
    pytest.fail(f"{what} did not answer within {timeout} s:\n{log.read_text()}")


def port_answers(port):
    def ready():
        with socket.socket() as probe:
            probe.settimeout(0.2)
            return probe.connect_ex(("127.0.0.1", port)) == 0

    return ready


def start(command, what, ready, log, timeout=30, **kwargs):
    """Start `command` with its output in the file `log` (a pipe nobody
    reads would fill up and stall the server)."""
    with log.open("w") as output:
        process = subprocess.Popen(  # noqa: S603 (our own command line)
            command,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            **kwargs,
        )
    wait_until(ready, process, what, log, timeout)
    return process


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
