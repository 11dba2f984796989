"""Several servers: pictures and renditions in S3-compatible object storage,
configured by the DJANGO_S3_* variables, against a real S3 server
(tests/storage/conftest.py)."""

import io
import urllib.request

from PIL import Image

from solidarity import renditions
from tests import pictures
from tests.storage.conftest import settings_from_environment
from tests.test_images import assert_clean
from tests.test_settings import run


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
        return response.status, response.headers, response.read()


def test_the_variables_choose_the_s3_storage_with_public_unsigned_urls(s3_storage):
    bucket, configured = s3_storage
    storage = configured["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == bucket
    assert storage["OPTIONS"]["querystring_auth"] is False
    assert configured["MEDIA_URL"].endswith(f"/{bucket}/")
    assert configured["MEDIA_ORIGIN"].startswith("http://127.0.0.1:")


def test_a_bucket_without_a_public_address_is_refused_at_start_up(s3_bucket):
    _, environment = s3_bucket
    environment = {**environment, "DJANGO_S3_PUBLIC_URL": ""}
    result = run(
        ["-c", "import django; django.setup()"], DJANGO_SECRET_KEY="x", **environment
    )
    assert "DJANGO_S3_PUBLIC_URL must be the address" in result.stderr


def test_pictures_are_public_only_through_the_csp_allowed_origin(s3_bucket):
    _, environment = s3_bucket
    configured = settings_from_environment(environment, "CONTENT_SECURITY_POLICY")
    img_src = configured["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    assert img_src[1] == environment["DJANGO_S3_ENDPOINT_URL"]


def test_an_upload_and_its_renditions_land_in_the_bucket_and_are_served_clean(
    s3_storage, s3_server
):
    bucket, _ = s3_storage
    fieldfile = pictures.save_picture(pictures.phone_photo(size=(1800, 1200)))
    client = s3_server.client()
    keys = {item["Key"] for item in client.list_objects_v2(Bucket=bucket)["Contents"]}
    srcset = renditions.srcset(fieldfile, 1200, 1800)  # upright: 1200 wide
    card = renditions.social_card(fieldfile)
    expected = [rendition.url for rendition in (*srcset, card)]
    assert len(srcset) == 3  # 400, 800, 1200
    assert {url.split(f"/{bucket}/", 1)[1] for url in expected} | {
        fieldfile.name
    } == keys

    for url in [fieldfile.url, *expected]:
        assert url.startswith(f"{s3_server.endpoint}/{bucket}/")
        status, headers, data = fetch(url)
        assert status == 200
        assert_clean(data)
        Image.open(io.BytesIO(data)).load()
    assert Image.open(io.BytesIO(fetch(card.url)[2])).size == (1200, 630)
    stored = client.head_object(Bucket=bucket, Key=fieldfile.name)
    assert stored["CacheControl"] == "public, max-age=31536000, immutable"

    fieldfile.delete(save=False)
    assert client.list_objects_v2(Bucket=bucket).get("KeyCount") == 0
