"""Media on S3-compatible object storage, against a real S3 server in the test process (moto in server mode on a
free port): private files (certificates, H5P) are stored under their own location, read back through the
storage API, refused to anonymous requests and reachable only by short-lived signed links; public files are
public."""

import io
import socket
import urllib.error
import urllib.request
import uuid
import zipfile
from http import HTTPStatus

import boto3
import environ
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages

from elearning.storage import storages_from_environment

pytestmark = pytest.mark.django_db
BUCKET = "signaal-media"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint, settings, monkeypatch):
    """The platform's storages configured from the environment, as production reads it, on a fresh bucket."""
    bucket = f"{BUCKET}-{uuid.uuid4().hex[:8]}"
    client = boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name="eu-west-1", aws_access_key_id="key", aws_secret_access_key="secret"
    )
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    for name, value in {
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_REGION": "eu-west-1",
        "S3_ACCESS_KEY_ID": "key",
        "S3_SECRET_ACCESS_KEY": "secret",
        "S3_ADDRESSING_STYLE": "path",
    }.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {
        "default": {"BACKEND": "elearning.storage.MediaStorage"},
        **storages_from_environment(environ.Env()),
        "staticfiles": settings.STORAGES["staticfiles"],
    }
    client.bucket = bucket
    return client


def anonymous_get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_private_file_is_stored_privately_read_back_and_refused_to_anonymous_requests(s3, s3_endpoint):
    name = default_storage.save("certificates/2026/11/abc.pdf", ContentFile(b"%PDF-1.7 the certificate"))

    assert s3.get_object(Bucket=s3.bucket, Key=f"private/{name}")["Body"].read() == b"%PDF-1.7 the certificate"
    assert default_storage.exists(name)
    with default_storage.open(name, "rb") as file:
        assert file.read() == b"%PDF-1.7 the certificate"
    assert anonymous_get(f"{s3_endpoint}/{s3.bucket}/private/{name}") == HTTPStatus.FORBIDDEN


def test_a_private_url_is_signed_and_short_lived(s3):
    name = default_storage.save("h5p/packages/quiz.h5p", ContentFile(b"PK package"))

    url = default_storage.url(name)

    assert "X-Amz-Signature=" in url
    assert "X-Amz-Expires=300" in url
    assert anonymous_get(url) == HTTPStatus.OK
    assert anonymous_get(url.split("?", 1)[0]) == HTTPStatus.FORBIDDEN  # the same object without the signature


def test_a_public_file_is_public_under_its_own_location(s3, s3_endpoint):
    name = default_storage.save("original_images/poster.png", ContentFile(b"\x89PNG poster"))

    assert s3.head_object(Bucket=s3.bucket, Key=f"public/{name}")
    url = default_storage.url(name)
    assert "Signature" not in url
    assert anonymous_get(f"{s3_endpoint}/{s3.bucket}/public/{name}") == HTTPStatus.OK


def test_a_missing_private_file_is_file_not_found_which_the_h5p_view_turns_into_404(s3):
    with pytest.raises(FileNotFoundError):
        default_storage.open("h5p/content/none/h5p.json", "rb")
    assert not default_storage.exists("h5p/content/none/h5p.json")


def test_an_extracted_h5p_tree_is_written_served_and_deleted_on_object_storage(s3):
    from h5p.storage import tree_delete, tree_extract

    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("h5p.json", '{"title": "Quiz"}')
        archive.writestr("content/content.json", "{}")
        archive.writestr("content/images/a.png", b"\x89PNG")
    with zipfile.ZipFile(package) as archive:
        entries = archive.infolist()
    prefix = f"h5p/content/{uuid.uuid4().hex}"

    tree_extract(package=package, entries=entries, prefix=prefix)

    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=s3.bucket)["Contents"]}
    assert {f"private/{prefix}/h5p.json", f"private/{prefix}/content/images/a.png"} <= keys
    with default_storage.open(f"{prefix}/content/content.json", "rb") as file:
        assert file.read() == b"{}"

    tree_delete(prefix=prefix)

    assert "Contents" not in s3.list_objects_v2(Bucket=s3.bucket, Prefix=f"private/{prefix}")


def test_a_custom_domain_serves_public_files_but_never_private_ones(s3, monkeypatch, settings):
    monkeypatch.setenv("S3_CUSTOM_DOMAIN", "media.signaal.example")
    settings.STORAGES = {**settings.STORAGES, **storages_from_environment(environ.Env())}

    assert (
        storages["public"].url("original_images/a.png") == "https://media.signaal.example/public/original_images/a.png"
    )
    assert "media.signaal.example" not in default_storage.url("certificates/a.pdf")


def test_without_a_bucket_both_locations_are_on_the_local_disk(monkeypatch):
    monkeypatch.delenv("S3_BUCKET", raising=False)
    monkeypatch.setenv("PRIVATE_MEDIA_ROOT", "/srv/signaal/private")

    configured = storages_from_environment(environ.Env())

    assert configured["public"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert configured["private"]["OPTIONS"] == {"location": "/srv/signaal/private", "base_url": None}
