"""One server in production: Debian's nginx with the shipped site
configuration (solidarity/deploy/nginx.conf) in front of gunicorn, serving a
collected static file and an uploaded picture itself, on loopback ports."""

import gzip
import http.client
import json
import os
import socket
import ssl
import subprocess
import sys
import time

import pytest
from django.core.management import call_command

from solidarity import renditions
from tests import pictures, services
from tests.test_settings import PRODUCTION, ROOT

CONFIG = ROOT / "solidarity" / "deploy" / "nginx.conf"
HOST = "campaign.example.org"


def site_config(static_root, media_root, ports, certificate, key):
    """The shipped file with this test's ports and folders. Every line
    replaced must still be there, so the test cannot drift from the file."""
    text = CONFIG.read_text()
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{ports['http']};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{ports['https']} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{ports['app']};",
        "/srv/solidarity/staticfiles/": f"{static_root}/",
        "/srv/solidarity/media/": f"{media_root}/",
        f"/etc/letsencrypt/live/{HOST}/fullchain.pem": str(certificate),
        f"/etc/letsencrypt/live/{HOST}/privkey.pem": str(key),
    }
    for old, new in replacements.items():
        assert old in text, f"{old!r} is no longer in {CONFIG.name}"
        text = text.replace(old, new)
    return text


def main_config(folder, site):
    """What Debian's /etc/nginx/nginx.conf gives a site, in `folder`."""
    temporary = "\n".join(
        f"    {kind}_temp_path {folder}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder}/access.log;
{temporary}
    include {site};
}}
"""


@pytest.fixture
def collected(settings, tmp_path):
    """collectstatic as production runs it (hashed and compressed names)."""
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((settings.STATIC_ROOT / "staticfiles.json").read_text())
    return settings.STATIC_ROOT, manifest["paths"]


@pytest.fixture
def site(settings, tmp_path, collected):
    """nginx on loopback ports in front of one gunicorn worker."""
    nginx = services.require_program("nginx", "nginx", paths=["/usr/sbin/nginx"])
    static_root, paths = collected
    ports = {name: services.free_port() for name in ("http", "https", "app")}
    certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
         "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
         "-subj", f"/CN={HOST}", "-keyout", key, "-out", certificate],
        check=True, capture_output=True,
    )  # fmt: skip
    folder = tmp_path / "nginx"
    folder.mkdir()
    (folder / "site.conf").write_text(
        site_config(static_root, settings.MEDIA_ROOT, ports, certificate, key)
    )
    (folder / "nginx.conf").write_text(main_config(folder, folder / "site.conf"))
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in ("DATABASE_URL", "REDIS_URL")
    }
    environment.update(PRODUCTION, DJANGO_TRUSTED_PROXIES="127.0.0.1")
    gunicorn = services.start(
        [sys.executable, "-m", "gunicorn", "solidarity.wsgi", "--workers", "1",
         "--bind", f"127.0.0.1:{ports['app']}"],
        "gunicorn", services.port_answers(ports["app"]), tmp_path / "gunicorn.log",
        cwd=ROOT, env=environment,
    )  # fmt: skip
    server = services.start(
        [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf"),
         "-e", str(folder / "error.log")],
        "nginx", services.port_answers(ports["https"]), folder / "output.log",
    )  # fmt: skip
    yield ports, paths
    services.stop(server)
    services.stop(gunicorn)


def get(ports, path, scheme="https", **headers):
    if scheme == "https":
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the test's own certificate
        connection = http.client.HTTPSConnection(
            "127.0.0.1", ports["https"], timeout=10, context=context
        )
    else:
        connection = http.client.HTTPConnection("127.0.0.1", ports["http"], timeout=10)
    connection.request("GET", path, headers={"Host": HOST, **headers})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_nginx_serves_static_files_and_pictures_and_passes_the_rest_to_gunicorn(
    settings, site
):
    ports, paths = site
    # A hashed static file: compressed copy, cached for years.
    hashed = paths["css/site.css"]
    assert hashed != "css/site.css"
    response, body = get(ports, f"/static/{hashed}", **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert response.getheader("Content-Type").startswith("text/css")
    assert "immutable" in response.getheader("Cache-Control")
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    original = (settings.STATIC_ROOT / hashed).read_bytes()
    assert gzip.decompress(body) == original
    # The same file under its plain name may change: an hour.
    response, _ = get(ports, "/static/css/site.css")
    assert response.getheader("Cache-Control") == "public, max-age=3600"

    # An uploaded picture and one of its renditions, served by nginx.
    picture = pictures.save_picture(pictures.phone_photo(size=(900, 600)))
    for name, content_type in [
        (picture.name, "image/jpeg"),
        (renditions.srcset(picture, 600, 900)[0].url.removeprefix("/media/"),
         "image/webp"),
    ]:  # fmt: skip
        response, body = get(ports, f"/media/{name}")
        assert response.status == 200, name
        assert response.getheader("Content-Type") == content_type
        assert response.getheader("X-Content-Type-Options") == "nosniff"
        assert "sandbox" in response.getheader("Content-Security-Policy")
        assert body == (settings.MEDIA_ROOT / name).read_bytes()

    # Anything else in the media folder is not served; a web page named
    # .jpg is served as a JPEG that browsers will not sniff into a page.
    for name, content in [
        ("evil.html", pictures.HTML),
        ("evil.svg", pictures.SVG),
        ("evil.php", b"<?php system($_GET['c']); ?>"),
    ]:
        (settings.MEDIA_ROOT / "pictures" / name).write_bytes(content)
        response, _ = get(ports, f"/media/pictures/{name}")
        assert response.status == 404, name
    (settings.MEDIA_ROOT / "pictures" / "page.jpg").write_bytes(pictures.HTML)
    response, _ = get(ports, "/media/pictures/page.jpg")
    assert response.getheader("Content-Type") == "image/jpeg"
    assert response.getheader("X-Content-Type-Options") == "nosniff"

    # Pages come from gunicorn (Django's headers), over HTTPS only.
    response, body = get(ports, "/-/alive/")
    assert (response.status, body) == (200, b"ok\n")
    assert response.getheader("Cross-Origin-Opener-Policy") == "same-origin"
    response, _ = get(ports, "/-/alive/", scheme="http")
    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/-/alive/"


def tls_socket(ports):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the test's own certificate
    raw = socket.create_connection(("127.0.0.1", ports["https"]), timeout=10)
    return context.wrap_socket(raw, server_hostname=HOST)


def test_slow_clients_and_big_bodies_never_reach_the_worker(site):
    """Two slow clients once held both sync workers for 30 s; here one
    worker, four slow clients (a header line now and then, or a body
    trickling in) and /-/alive/ still answers at once, because nginx reads
    requests whole before passing them on. Bodies over the public limit are
    refused by nginx itself."""
    ports, _ = site
    slow = []
    for request in (
        f"GET / HTTP/1.1\r\nHost: {HOST}\r\nX-Slow: 1\r\n",
        f"GET /posts/ HTTP/1.1\r\nHost: {HOST}\r\n",
        f"POST /messages/new/ HTTP/1.1\r\nHost: {HOST}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        "Content-Length: 5000\r\n\r\nauthor_name=slow",
        f"POST /join/ HTTP/1.1\r\nHost: {HOST}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        "Content-Length: 5000\r\n\r\nname=slow",
    ):
        connection = tls_socket(ports)
        connection.sendall(request.encode())
        slow.append(connection)
    try:
        for _ in range(3):
            started = time.monotonic()
            response, body = get(ports, "/-/alive/")
            assert (response.status, body) == (200, b"ok\n")
            assert time.monotonic() - started < 2
    finally:
        for connection in slow:
            connection.close()

    # Too big for a public form (1 MB; the admin takes 21 MB): nginx answers
    # 413 and gunicorn never sees it.
    connection = tls_socket(ports)
    connection.sendall(
        f"POST /messages/new/ HTTP/1.1\r\nHost: {HOST}\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\n"
        f"Content-Length: {1024 * 1024}\r\n\r\n".encode()
    )
    answer = connection.recv(200).decode()
    connection.close()
    assert answer.startswith("HTTP/1.1 413")


def test_the_scheme_and_address_come_from_nginx_not_the_client(settings, site):
    """What a client writes in X-Forwarded-Proto or X-Forwarded-For is
    replaced by nginx, and Django believes those headers from nginx only."""
    ports, _ = site
    # Plain HTTP with a forged "https": nginx redirects (its own $scheme).
    response, _ = get(
        ports, "/-/alive/", scheme="http", **{"X-Forwarded-Proto": "https"}
    )
    assert response.status == 301
    # Over HTTPS the page is served, whatever the client claims.
    response, _ = get(ports, "/-/alive/", **{"X-Forwarded-Proto": "http"})
    assert response.status == 200
